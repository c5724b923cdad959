/**
 * @module Hash routes (`#/cases/C-1`): the server serves one page at `/`, so deep links and reloads
 * need no server-side fallback route.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'cases' }
  | { readonly name: 'case'; readonly id: string }
  | { readonly name: 'item'; readonly id: string }
  | { readonly name: 'ledger'; readonly caseId: string | null; readonly itemId: string | null }
  | { readonly name: 'triage' }
  | { readonly name: 'search'; readonly q: string; readonly caseId: string | null }
  | { readonly name: 'graph'; readonly caseId: string | null }
  | { readonly name: 'exports'; readonly id: string }
  | { readonly name: 'verify' }
  | { readonly name: 'personas' }
  | { readonly name: 'training' }
  | { readonly name: 'training-assignment'; readonly id: string }
  | { readonly name: 'certificate'; readonly id: string }
  | { readonly name: 'cohorts' }
  | { readonly name: 'cohort'; readonly id: string }
  | { readonly name: 'not-found'; readonly path: string };

/** Parses `location.hash`; identifiers are checked against the server's patterns. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const [pathname = '/', query = ''] = path.split('?');
  if (pathname === '/' || pathname === '') return { name: 'home' };
  if (pathname === '/cases') return { name: 'cases' };
  const kase = /^\/cases\/(C-[0-9]+)$/.exec(pathname);
  if (kase?.[1]) return { name: 'case', id: kase[1] };
  const exports = /^\/cases\/(C-[0-9]+)\/exports$/.exec(pathname);
  if (exports?.[1]) return { name: 'exports', id: exports[1] };
  if (pathname === '/verify') return { name: 'verify' };
  if (pathname === '/personas') return { name: 'personas' };
  const item = /^\/items\/(I-[0-9]+)$/.exec(pathname);
  if (item?.[1]) return { name: 'item', id: item[1] };
  if (pathname === '/ledger') {
    const params = new URLSearchParams(query);
    const caseId = params.get('case');
    const itemId = params.get('item');
    return {
      name: 'ledger',
      caseId: caseId && /^C-[0-9]+$/.test(caseId) ? caseId : null,
      itemId: itemId && /^I-[0-9]+$/.test(itemId) ? itemId : null,
    };
  }
  if (pathname === '/triage') return { name: 'triage' };
  if (pathname === '/search' || pathname === '/graph') {
    const params = new URLSearchParams(query);
    const caseId = params.get('case');
    const checked = caseId && /^C-[0-9]+$/.test(caseId) ? caseId : null;
    return pathname === '/search'
      ? { name: 'search', q: params.get('q') ?? '', caseId: checked }
      : { name: 'graph', caseId: checked };
  }
  const training = parseTrainingRoute(pathname);
  if (training) return training;
  return { name: 'not-found', path: pathname };
}

/** Training screens (issue 9): ids are checked against the server's patterns. */
function parseTrainingRoute(pathname: string): Route | null {
  if (pathname === '/training') return { name: 'training' };
  if (pathname === '/cohorts') return { name: 'cohorts' };
  const assignment = /^\/training\/(ASG-[0-9]+)$/.exec(pathname);
  if (assignment?.[1]) return { name: 'training-assignment', id: assignment[1] };
  const certificate = /^\/certificates\/(CRT-[0-9]+)$/.exec(pathname);
  if (certificate?.[1]) return { name: 'certificate', id: certificate[1] };
  const cohort = /^\/cohorts\/(COH-[0-9]+)$/.exec(pathname);
  if (cohort?.[1]) return { name: 'cohort', id: cohort[1] };
  return null;
}

/** The current route, updated on `hashchange`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** Links to each screen. */
export const links = {
  home: '#/',
  cases: '#/cases',
  kase: (id: string) => `#/cases/${id}`,
  item: (id: string) => `#/items/${id}`,
  ledger: (caseId?: string | null, itemId?: string | null) => {
    const query = new URLSearchParams();
    if (caseId) query.set('case', caseId);
    if (itemId) query.set('item', itemId);
    return query.size > 0 ? `#/ledger?${query.toString()}` : '#/ledger';
  },
};

/** `#/path?query` from non-empty parameters. */
const withQuery = (path: string, params: Record<string, string | null | undefined>): string => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return query.size > 0 ? `#${path}?${query.toString()}` : `#${path}`;
};

export const moreLinks = {
  triage: '#/triage',
  search: (q?: string, caseId?: string | null) => withQuery('/search', { q, case: caseId }),
  graph: (caseId?: string | null) => withQuery('/graph', { case: caseId }),
  exports: (caseId: string) => `#/cases/${caseId}/exports`,
  verify: '#/verify',
  personas: '#/personas',
};

export const trainingLinks = {
  home: '#/training',
  assignment: (id: string) => `#/training/${id}`,
  certificate: (id: string) => `#/certificates/${id}`,
  cohorts: '#/cohorts',
  cohort: (id: string) => `#/cohorts/${id}`,
};

export const navigate = (hash: string): void => {
  window.location.hash = hash;
};
