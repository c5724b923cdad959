/**
 * @module Small HTTP helpers for range tests: fetch with a session cookie, log in, and run many
 * requests with bounded concurrency.
 */

export interface Fetched {
  status: number;
  body: string;
  headers: Headers;
}

export async function get(base: string, path: string, cookie = ''): Promise<Fetched> {
  const res = await fetch(new URL(path, base), {
    redirect: 'manual',
    headers: cookie === '' ? {} : { cookie },
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Logs in a registered investigator persona; returns the session cookie. */
export async function login(base: string, handle: string, password: string): Promise<string> {
  const res = await fetch(new URL('/login', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ handle, password, next: '/' }).toString(),
  });
  await res.text();
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  if (res.status !== 303 || cookie === '') throw new Error(`login failed: ${res.status}`);
  return cookie;
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        out[index] = await work(items[index] as T);
      }
    }),
  );
  return out;
}
