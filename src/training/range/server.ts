/**
 * @module startRange: serves a corpus as a live social platform on 127.0.0.1 (node:http). The
 * server reads the corpus through RangeState and public-view.ts only; ground truth never leaves
 * the process. Interactions are refused and logged in passive mode (R17).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { invalidInput, unavailable } from '../../core/errors.js';
import { APP_CSS, APP_JS } from './client-bundle.js';
import type { Corpus } from './corpus-model.js';
import { generateCorpus } from './corpus.js';
import { MediaStore } from './media-render.js';
import { RangeState } from './range-state.js';
import { handleRequest } from './routes.js';
import type { RouteContext } from './routes.js';
import type { ViolationRecord } from './violations.js';
import { ViolationLog } from './violations.js';

export interface StartRangeOptions {
  seed: string | number;
  variant?: string | null;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: the range is never exposed to a network. */
  host?: '127.0.0.1';
  /** Where rendered media are cached, per seed and variant. */
  cacheDir: string;
  /** Append-only JSONL interaction log the assessment reads; null keeps it in memory only. */
  violationsFile?: string | null;
  /** Drives scheduled deletions; a test injects a ManualClock. */
  clock?: Clock;
  /** `passive` (default) refuses interactions; `active` needs the supervisor who allowed it. */
  mode?: 'passive' | 'active';
  supervisor?: string;
  /** IANA zone the platform displays times in. */
  displayTimeZone?: string;
  /** A pre-generated corpus for this seed/variant (saves regenerating it). */
  corpus?: Corpus;
}

export interface RunningRange {
  url: string;
  port: number;
  /** Trainer trigger: remove a post now (its permalink then answers 410). */
  removePost(postId: string): boolean;
  /** Interaction records of this session. */
  violations(): readonly ViolationRecord[];
  close(): Promise<void>;
}

export const DEFAULT_TIME_ZONE = 'Asia/Manila';

/**
 * Starts the range and resolves once it listens.
 *
 * @example
 * const range = await startRange({ seed: 42, cacheDir, violationsFile });
 * console.log(range.url); await range.close();
 */
export async function startRange(options: StartRangeOptions): Promise<RunningRange> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') {
    throw invalidInput(`the training range binds to 127.0.0.1 only, not ${String(host)}`);
  }
  const mode = options.mode ?? 'passive';
  if (mode === 'active' && (options.supervisor ?? '').trim() === '') {
    throw invalidInput('active mode needs the supervisor who authorised interactions', {
      hint: 'pass supervisor: "<name>" or keep the default passive mode',
    });
  }
  const corpus = options.corpus ?? generateCorpus(options.seed, options.variant ?? null);
  const clock = options.clock ?? systemClock;
  const state = new RangeState(corpus, clock);
  const log = new ViolationLog(options.violationsFile ?? null);
  const ctx: RouteContext = {
    state,
    media: new MediaStore(corpus, options.cacheDir),
    log,
    clock,
    mode,
    supervisor: mode === 'active' ? (options.supervisor ?? null) : null,
    timeZone: options.displayTimeZone ?? DEFAULT_TIME_ZONE,
    origin: '',
    sessions: new Map(),
    newToken: () => randomBytes(18).toString('base64url'),
    assets: { js: APP_JS, css: APP_CSS },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handleRequest(ctx, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(unavailable(`the range could not listen on ${host}:${options.port ?? 0}`, { cause })),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.origin = `http://${host}:${port}`;
  return {
    url: `${ctx.origin}/`,
    port,
    removePost: (id) => state.remove(id),
    violations: () => log.records(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
