/**
 * @module Response helpers of the range server: every answer carries nosniff and a strict
 * content security policy (same-origin scripts only; JSON-LD blocks are data, not scripts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CSP =
  "default-src 'self'; img-src 'self' data:; media-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'";

export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
    ...extra,
  });
  res.end(body);
}
export const html = (
  res: ServerResponse,
  status: number,
  body: string,
  extra: Record<string, string> = {},
) => send(res, status, 'text/html; charset=utf-8', body, { 'cache-control': 'no-store', ...extra });
export const json = (res: ServerResponse, status: number, data: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(data), {
    'cache-control': 'no-store',
  });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 65_536) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A POST body as a flat record, from JSON or a urlencoded form (at most 64 KiB). */
export async function formOrJson(req: IncomingMessage): Promise<Record<string, string>> {
  const text = await readBody(req);
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') {
        return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
      }
    } catch {
      return {};
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}
