/**
 * @module Records every HTTP exchange of one page through CDP and enforces the network policy
 * on each request. The Fetch domain pauses each request twice: at the Request stage the policy
 * and the limits decide (continue or fail), at the Response stage the body is read with
 * Fetch.getResponseBody, which also works for redirect responses, so each hop of a redirect
 * chain gets its own record. The Network domain adds what Fetch does not know: the server's IP
 * address, the protocol, TLS details and the headers actually sent on the wire.
 */
import type { CDPSession } from 'playwright-core';
import type { Clock } from '../core/clock.js';
import type { LimitHit } from './capture-types.js';
import {
  checkUrl,
  classifyAddress,
  isAllowListed,
  type AllowedHost,
  type HostResolver,
  type PolicyRefusal,
} from './network-policy.js';
import type { HttpHeaderPair } from './warc-writer.js';

/** One request/response pair (one hop of a redirect chain). */
export interface Exchange {
  seq: number;
  fetchId: string;
  networkId: string | undefined;
  url: string;
  method: string;
  resourceType: string;
  requestHeaders: HttpHeaderPair[];
  postData: Uint8Array | undefined;
  requestedAt: Date;
  status?: number;
  statusText?: string;
  responseHeaders?: HttpHeaderPair[];
  body?: Uint8Array;
  truncated?: 'length' | 'time' | 'unspecified';
  respondedAt?: Date;
  error?: string;
}

/** What the Network domain reported about a response (keyed by network id + URL). */
export interface NetworkFacts {
  ip?: string;
  port?: number;
  protocol?: string;
  security?: {
    protocol?: string;
    cipher?: string;
    keyExchange?: string;
    keyExchangeGroup?: string;
    subjectName?: string;
    issuer?: string;
    validFrom?: number;
    validTo?: number;
    sanList?: string[];
  };
}

interface RequestPaused {
  requestId: string;
  networkId?: string;
  resourceType: string;
  request: {
    url: string;
    urlFragment?: string;
    method: string;
    headers: Record<string, string>;
    postData?: string;
    postDataEntries?: { bytes?: string }[];
  };
  responseStatusCode?: number;
  responseStatusText?: string;
  responseErrorReason?: string;
  responseHeaders?: { name: string; value: string }[];
}

interface CdpResponse {
  url: string;
  status: number;
  remoteIPAddress?: string;
  remotePort?: number;
  protocol?: string;
  securityDetails?: NetworkFacts['security'];
}

export interface RecorderOptions {
  allow: readonly AllowedHost[];
  resolve: HostResolver;
  viaProxy: boolean;
  maxBytes: number;
  maxResources: number;
  clock: Clock;
}

/** How often an idle wait looks again while requests are still in flight. */
const IN_FLIGHT_POLL_MS = 10;

const headerPairs = (h: Record<string, string>): HttpHeaderPair[] =>
  Object.entries(h).flatMap(([name, value]) => value.split('\n').map((v) => ({ name, value: v })));

/** Records one page's exchanges. Create, `start()` before navigating, `finish()` when done. */
export class ExchangeRecorder {
  readonly exchanges: Exchange[] = [];
  readonly refused: PolicyRefusal[] = [];
  readonly failed: { url: string; error: string }[] = [];
  readonly limitsHit = new Set<LimitHit>();
  /** Network facts per `${networkId} ${url}`. */
  readonly facts = new Map<string, NetworkFacts>();
  /** Headers sent on the wire (Network.requestWillBeSentExtraInfo), in order per network id. */
  readonly wireHeaders = new Map<string, HttpHeaderPair[][]>();
  /**
   * Responses whose server address turned out to be forbidden although the name checked out
   * (DNS rebinding between our lookup and Chromium's): recorded, flagged, never hidden.
   */
  readonly violations: { url: string; address: string; class: string }[] = [];
  bytes = 0;

  readonly #session: CDPSession;
  readonly #options: RecorderOptions;
  readonly #open = new Map<string, Exchange>();
  #seq = 0;
  #inFlight = 0;
  #lastActivity = 0;
  #activity = 0;
  #stopped: 'time_limit' | 'ended' | null = null;
  #deadline: Promise<void>;
  #hitDeadline: () => void = () => undefined;
  readonly #handlers: Promise<unknown>[] = [];

  constructor(session: CDPSession, options: RecorderOptions) {
    this.#session = session;
    this.#options = options;
    this.#deadline = new Promise((resolve) => {
      this.#hitDeadline = resolve;
    });
  }

  /** Enables Network and Fetch interception; call before the first navigation. */
  async start(): Promise<void> {
    const s = this.#session;
    s.on('Fetch.requestPaused', (e) => this.#track(this.#onPaused(e as RequestPaused)));
    s.on('Network.requestWillBeSentExtraInfo', (e) => {
      const list = this.wireHeaders.get(e.requestId) ?? [];
      list.push(headerPairs(e.headers));
      this.wireHeaders.set(e.requestId, list);
    });
    s.on('Network.requestWillBeSent', (e) => {
      if (e.redirectResponse) this.#noteFacts(e.requestId, e.redirectResponse);
    });
    s.on('Network.responseReceived', (e) =>
      this.#noteFacts(e.requestId, e.response as CdpResponse),
    );
    s.on('Network.loadingFailed', (e) => {
      for (const ex of this.exchanges) {
        if (ex.networkId === e.requestId && ex.status === undefined && !ex.error) {
          ex.error = e.errorText;
          this.failed.push({ url: ex.url, error: e.errorText });
          this.#settle();
        }
      }
    });
    // One session handles its commands in the order sent, so these go out together (one round
    // trip instead of five) and still apply in this order, all before the first navigation.
    await Promise.all([
      s.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 }),
      // A fresh context has no cache, but a page can still revalidate; disable it so every
      // exchange is a real one with a body (no 304s against a cache we do not record).
      s.send('Network.setCacheDisabled', { cacheDisabled: true }),
      s.send('Network.setBypassServiceWorker', { bypass: true }),
      // WebSocket handshakes bypass Fetch interception, so the policy cannot see them: block them.
      s.send('Network.setBlockedURLs', { urls: ['ws://*', 'wss://*'] }),
      s.send('Fetch.enable', {
        patterns: [
          { urlPattern: '*', requestStage: 'Request' },
          { urlPattern: '*', requestStage: 'Response' },
        ],
      }),
    ]);
  }

  /** Number of requests not yet answered, failed or refused. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Milliseconds since the last request or response event (for network-idle waits). */
  idleFor(now: number): number {
    return now - this.#lastActivity;
  }

  /** Count of request and response events so far: unchanged means the page asked for nothing. */
  get activity(): number {
    return this.#activity;
  }

  /**
   * Resolves once no request is in flight and nothing happened for `quietMs` (network idle), or
   * after `maxMs`. The quiet window starts no earlier than `from` (epoch ms): a caller that just
   * made the page do something passes the time it did, because the requests that caused have not
   * reached us yet. Sleeps exactly until the window could end instead of polling on a fixed beat.
   * Resolves `true` when idle was reached.
   */
  async waitForIdle(quietMs: number, maxMs: number, from = 0): Promise<boolean> {
    const until = Date.now() + maxMs;
    for (;;) {
      const now = Date.now();
      const quietSince = Math.max(this.#lastActivity, from);
      const quietLeft = this.#inFlight === 0 ? quietMs - (now - quietSince) : IN_FLIGHT_POLL_MS;
      if (this.#inFlight === 0 && quietLeft <= 0) return true;
      if (now >= until) return false;
      await new Promise((r) => setTimeout(r, Math.min(quietLeft, until - now)));
    }
  }

  /**
   * Stops recording. With `time_limit` any body still being read is cut (WARC-Truncated: time)
   * and later requests are refused as over the time limit; with `ended` later requests are failed
   * without a record (the capture is over). Waits for running handlers.
   */
  async finish(reason: 'time_limit' | 'ended'): Promise<void> {
    this.#stopped = reason;
    if (reason === 'time_limit') {
      this.limitsHit.add('time');
      this.#hitDeadline();
    }
    await Promise.allSettled(this.#handlers);
    await this.#session.send('Fetch.disable').catch(() => undefined);
  }

  #track(p: Promise<void>): void {
    const handled = p.catch((error: unknown) => {
      const message = String(error);
      // A pause that outlives the session (page closed, Fetch disabled at the end) cannot be
      // answered any more: not a capture fault. Anything else is kept for the provenance.
      if (/closed|not enabled|Invalid InterceptionId/i.test(message)) return;
      this.failed.push({ url: '(recorder)', error: message });
    });
    this.#handlers.push(handled);
  }

  #noteFacts(networkId: string, r: CdpResponse): void {
    if (r.remoteIPAddress && !this.#options.viaProxy) {
      const cls = classifyAddress(r.remoteIPAddress);
      let url: URL | null = null;
      try {
        url = new URL(r.url);
      } catch {
        url = null;
      }
      if (cls !== 'public' && url && !isAllowListed(url, this.#options.allow)) {
        this.violations.push({ url: r.url, address: r.remoteIPAddress, class: cls });
      }
    }
    this.facts.set(`${networkId} ${r.url}`, {
      ip: r.remoteIPAddress,
      port: r.remotePort,
      protocol: r.protocol,
      security: r.securityDetails,
    });
  }

  #settle(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#lastActivity = Date.now();
  }

  #refuse(e: RequestPaused, reason: PolicyRefusal['reason'], detail: string, address?: string) {
    const refusal: PolicyRefusal = {
      url: e.request.url,
      reason,
      resourceType: e.resourceType,
      at: this.#options.clock.now().toISOString(),
      detail,
    };
    if (address !== undefined) refusal.address = address;
    this.refused.push(refusal);
    return this.#session.send('Fetch.failRequest', {
      requestId: e.requestId,
      errorReason: 'BlockedByClient',
    });
  }

  async #onPaused(e: RequestPaused): Promise<void> {
    this.#lastActivity = Date.now();
    this.#activity++;
    if (e.responseStatusCode === undefined && e.responseErrorReason === undefined) {
      await this.#onRequest(e);
    } else {
      await this.#onResponse(e);
    }
  }

  async #onRequest(e: RequestPaused): Promise<void> {
    const url = e.request.url;
    if (this.#stopped === 'ended') {
      await this.#session.send('Fetch.failRequest', {
        requestId: e.requestId,
        errorReason: 'Aborted',
      });
      return;
    }
    if (this.#stopped === 'time_limit') {
      await this.#refuse(e, 'time_limit', 'the capture time limit was reached before this request');
      return;
    }
    const decision = await checkUrl(e.request.url, {
      allow: this.#options.allow,
      resolve: this.#options.resolve,
      level: 'sub-resource',
      viaProxy: this.#options.viaProxy,
    });
    if (!decision.allowed) {
      await this.#refuse(e, decision.reason, decision.detail, decision.address);
      return;
    }
    if (this.exchanges.length >= this.#options.maxResources) {
      this.limitsHit.add('resources');
      await this.#refuse(e, 'resource_limit', `more than ${this.#options.maxResources} exchanges`);
      return;
    }
    const postBytes = e.request.postDataEntries?.length
      ? Buffer.concat(e.request.postDataEntries.map((p) => Buffer.from(p.bytes ?? '', 'base64')))
      : e.request.postData !== undefined
        ? Buffer.from(e.request.postData, 'utf8')
        : undefined;
    const exchange: Exchange = {
      seq: this.#seq++,
      fetchId: e.requestId,
      networkId: e.networkId,
      url,
      method: e.request.method,
      resourceType: e.resourceType,
      requestHeaders: headerPairs(e.request.headers),
      postData: postBytes,
      requestedAt: this.#options.clock.now(),
    };
    this.exchanges.push(exchange);
    this.#open.set(e.requestId, exchange);
    this.#inFlight++;
    await this.#session.send('Fetch.continueRequest', { requestId: e.requestId });
  }

  async #onResponse(e: RequestPaused): Promise<void> {
    const exchange = this.#open.get(e.requestId);
    this.#open.delete(e.requestId);
    if (!exchange) {
      await this.#session.send('Fetch.continueRequest', { requestId: e.requestId });
      return;
    }
    if (e.responseErrorReason !== undefined) {
      exchange.error = e.responseErrorReason;
      this.failed.push({ url: exchange.url, error: e.responseErrorReason });
      this.#settle();
      await this.#session.send('Fetch.continueRequest', { requestId: e.requestId });
      return;
    }
    exchange.status = e.responseStatusCode;
    exchange.statusText = e.responseStatusText;
    exchange.responseHeaders = (e.responseHeaders ?? []).map((h) => ({
      name: h.name,
      value: h.value,
    }));
    exchange.respondedAt = this.#options.clock.now();
    const declared = Number(
      exchange.responseHeaders.find((h) => h.name.toLowerCase() === 'content-length')?.value ?? NaN,
    );
    const redirect =
      exchange.status !== undefined && exchange.status >= 300 && exchange.status < 400;
    let body: Uint8Array = new Uint8Array();
    if (this.#options.maxBytes - this.bytes <= 0 && declared !== 0) {
      // WARC 1.1 §5.13: the byte budget is spent; keep the headers, mark the payload as cut.
      exchange.truncated = 'length';
      this.limitsHit.add('bytes');
    } else if (this.#stopped === 'time_limit') {
      exchange.truncated = 'time';
    } else if (redirect) {
      // Chromium never reads a redirect's body and CDP refuses to return it ("Can only get
      // response body on requests captured after headers received"): the record keeps status
      // and headers; a declared but unseen body is flagged rather than silently dropped.
      if (declared > 0) exchange.truncated = 'unspecified';
    } else {
      const read = this.#session
        .send('Fetch.getResponseBody', { requestId: e.requestId })
        .then((r) => Buffer.from(r.body, r.base64Encoded ? 'base64' : 'utf8'))
        .catch(() => null);
      const outcome = await Promise.race([read, this.#deadline.then(() => 'time' as const)]);
      if (outcome === 'time') exchange.truncated = 'time';
      else if (outcome !== null) body = outcome;
    }
    // Budget is taken after the read, synchronously, so concurrent responses cannot overshoot it.
    const remaining = Math.max(0, this.#options.maxBytes - this.bytes);
    if (body.length > remaining) {
      body = body.subarray(0, remaining);
      exchange.truncated = 'length';
      this.limitsHit.add('bytes');
    }
    exchange.body = body;
    this.bytes += body.length;
    this.#settle();
    if (exchange.truncated === 'time') {
      // Out of time: end the load in the browser too, so nothing waits on this body any longer.
      await this.#session.send('Fetch.failRequest', {
        requestId: e.requestId,
        errorReason: 'TimedOut',
      });
      return;
    }
    await this.#session.send('Fetch.continueRequest', { requestId: e.requestId });
  }
}
