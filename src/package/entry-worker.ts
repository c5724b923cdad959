/**
 * @module A worker thread that reads a stored ZIP entry for verification: it computes the
 * entry's SHA-256, CRC-32 and size from the raw bytes and streams the entry's content (gunzipped
 * for `.warc.gz`) back to the calling thread, which recomputes each WARC record's digests. The
 * three SHA-256 passes of a WARC entry thus share two cores, and no thread waits on the other
 * while there is work queued. The worker is inline JavaScript that needs only Node built-ins, so
 * it runs the same from TypeScript source (vitest, tsx) and from compiled JavaScript (dist).
 */
import { Worker } from 'node:worker_threads';

/** What the worker learned about an entry's raw bytes. `size` is short if the file is. */
export interface EntryDigest {
  readonly sha256: string;
  readonly crc32: number;
  readonly size: number;
  /** The most content chunks that were ever in flight to the caller at once (≤ 8). */
  readonly peakInFlight: number;
  /** Why the content could not be streamed (a gunzip error); the digest is still complete. */
  readonly streamError?: string;
}

/** Content chunk size; buffers of this size circulate between the threads and are reused. */
const CHUNK_BYTES = 4 << 20;
/** Chunks in flight to the caller: bounds memory (32 MiB) and keeps both threads busy. */
const IN_FLIGHT = 8;
/** Raw read size. */
const READ_BYTES = 8 << 20;

// Plain JavaScript on purpose (see the module header); dynamic import works whether Node
// evaluates it as CommonJS or as an ES module. Each raw chunk is handed to gunzip (libuv's pool)
// first and hashed here meanwhile: inflate does not modify its input. Output is copied into a
// pooled buffer and transferred; the caller transfers it back with its acknowledgement.
const WORKER_SOURCE = `
(async () => {
  const { parentPort } = await import('node:worker_threads');
  const fs = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const zlib = await import('node:zlib');
  const pool = [];
  let inFlight = 0;
  let peak = 0;
  const waiters = [];
  const waitForRoom = () => inFlight < ${IN_FLIGHT} ? undefined : new Promise((resolve) => waiters.push(resolve));
  parentPort.on('message', (message) => {
    if (message.type === 'ack') {
      if (message.buffer) pool.push(message.buffer);
      inFlight -= 1;
      if (inFlight < ${IN_FLIGHT}) for (const resolve of waiters.splice(0)) resolve();
    } else run(message);
  });
  const send = (id, data) => {
    for (let at = 0; at < data.length; at += ${CHUNK_BYTES}) {
      const part = data.subarray(at, at + ${CHUNK_BYTES});
      const buffer = pool.pop() || new ArrayBuffer(${CHUNK_BYTES});
      new Uint8Array(buffer).set(part);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      parentPort.postMessage({ id, type: 'data', buffer, length: part.length }, [buffer]);
    }
  };
  async function run({ id, file, start, length, gunzip: unzip }) {
    let handle;
    let streamError;
    peak = 0;
    try {
      handle = await fs.promises.open(file, 'r');
      const hash = createHash('sha256');
      let crc = 0;
      let size = 0;
      let gunzip;
      let ended;
      if (unzip) {
        gunzip = zlib.createGunzip({ chunkSize: ${CHUNK_BYTES} });
        gunzip.on('data', (chunk) => {
          send(id, chunk);
          if (inFlight >= ${IN_FLIGHT}) {
            gunzip.pause();
            waitForRoom().then(() => gunzip.resume());
          }
        });
        ended = new Promise((resolve) => {
          gunzip.once('end', resolve);
          gunzip.once('error', (error) => { streamError = error.message; resolve(); });
        });
      }
      const buffers = [Buffer.allocUnsafe(${READ_BYTES}), Buffer.allocUnsafe(${READ_BYTES})];
      let previous;
      for (let turn = 0; size < length; turn += 1) {
        const buffer = buffers[turn % 2];
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - size), start + size);
        if (bytesRead === 0) break;
        const part = buffer.subarray(0, bytesRead);
        await previous;
        if (gunzip && streamError === undefined) {
          previous = Promise.race([ended, new Promise((resolve) => gunzip.write(part, () => resolve()))]);
        } else if (!gunzip) {
          await waitForRoom();
          send(id, part);
        }
        hash.update(part);
        crc = zlib.crc32(part, crc);
        size += bytesRead;
      }
      await previous;
      if (gunzip) {
        if (streamError === undefined) gunzip.end();
        await ended;
        gunzip.destroy();
      }
      parentPort.postMessage({ id, type: 'done', sha256: hash.digest('hex'), crc32: crc >>> 0, size, peakInFlight: peak, streamError });
    } catch (error) {
      parentPort.postMessage({ id, type: 'failed', error: String((error && error.message) || error) });
    } finally {
      if (handle) await handle.close();
    }
  }
})();
`;

type Reply =
  | { id: number; type: 'data'; buffer: ArrayBuffer; length: number }
  | { id: number; type: 'failed'; error: string }
  | ({ id: number; type: 'done' } & EntryDigest);

interface Job {
  readonly onChunk: (chunk: Buffer) => void;
  readonly resolve: (digest: EntryDigest) => void;
  readonly reject: (error: Error) => void;
}

/** Thrown when the worker thread is not available; the caller then verifies on its own thread. */
export class WorkerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerUnavailableError';
  }
}

/**
 * One lazily started worker, reused for every entry of a verification, one entry at a time;
 * `close()` ends it.
 *
 * @example
 * const worker = new EntryWorker();
 * try {
 *   const digest = await worker.read(file, entry.dataOffset, entry.compressedSize, true,
 *     (chunk) => checker.write(chunk));
 * } finally { await worker.close(); }
 */
export class EntryWorker {
  #worker: Worker | undefined;
  #failed = false;
  #nextId = 1;
  #job: { id: number; job: Job } | undefined;

  /**
   * Streams `length` bytes at `start` of `file` (gunzipped when `gunzip`) to `onChunk`, which
   * must not keep the chunk after it returns (its buffer goes back to the worker), and resolves
   * with the raw bytes' digest. Rejects with `WorkerUnavailableError` when no worker can run
   * (then nothing, or only part, was streamed), or with the worker's read error.
   */
  read(
    file: string,
    start: number,
    length: number,
    gunzip: boolean,
    onChunk: (chunk: Buffer) => void,
  ): Promise<EntryDigest> {
    const worker = this.#start();
    if (!worker) return Promise.reject(new WorkerUnavailableError('no worker thread'));
    if (this.#job) return Promise.reject(new Error('EntryWorker reads one entry at a time'));
    return new Promise<EntryDigest>((resolve, reject) => {
      const id = this.#nextId;
      this.#nextId += 1;
      this.#job = { id, job: { onChunk, resolve, reject } };
      worker.ref();
      worker.postMessage({ id, file, start, length, gunzip });
    });
  }

  /** Ends the worker. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failed = true;
    this.#abandon('the worker was closed');
    if (worker) await worker.terminate();
  }

  #finish(): Job | undefined {
    const current = this.#job;
    this.#job = undefined;
    this.#worker?.unref();
    return current?.job;
  }

  #abandon(reason: string): void {
    this.#finish()?.reject(new WorkerUnavailableError(reason));
  }

  #start(): Worker | undefined {
    if (this.#worker || this.#failed) return this.#worker;
    try {
      // execArgv: [] so the worker does not inherit loaders (tsx, vitest) it has no use for.
      const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
      worker.on('message', (reply: Reply) => {
        const current = this.#job;
        if (!current || current.id !== reply.id) return;
        if (reply.type === 'data') {
          try {
            current.job.onChunk(Buffer.from(reply.buffer, 0, reply.length));
          } finally {
            worker.postMessage({ type: 'ack', buffer: reply.buffer }, [reply.buffer]);
          }
        } else if (reply.type === 'failed') {
          this.#finish()?.reject(new Error(reply.error));
        } else {
          const { sha256, crc32, size, peakInFlight, streamError } = reply;
          this.#finish()?.resolve({
            sha256,
            crc32,
            size,
            peakInFlight,
            ...(streamError === undefined ? {} : { streamError }),
          });
        }
      });
      const lost = (): void => {
        if (this.#worker !== worker) return;
        this.#worker = undefined;
        this.#failed = true;
        this.#abandon('the worker thread stopped');
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      // Referenced only while it owes an answer: an idle worker must not keep the process
      // alive if a caller forgets close().
      worker.unref();
      this.#worker = worker;
      return worker;
    } catch {
      this.#failed = true;
      return undefined;
    }
  }
}
