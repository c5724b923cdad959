/**
 * Real Chromium against a local https fixture: a throw-away CA and server certificate made with
 * `openssl` at test time, trusted only through the capture's `trustedSpki` (Chromium's
 * `--ignore-certificate-errors-spki-list`). The provenance must carry the chain the server sent,
 * decoded, and the TLS protocol and cipher, and say that certificate errors were ignored.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { isInvalidInput } from '../core/errors.js';
import type { CaptureOptions, CaptureResult } from './capture-types.js';
import { captureUrl } from './capture-url.js';
import { findChromium } from './chromium.js';

const run = promisify(execFile);

let dir: string;
let server: Server;
let origin: string;
let chromiumPath: string;
let caSpki: string;
const openssl = async (...args: string[]) => (await run('openssl', args, { cwd: dir })).stdout;
/** What openssl itself says about a certificate: the reference the provenance is checked against. */
const describeCert = async (file: string) => {
  const fingerprint = (await openssl('x509', '-in', file, '-noout', '-fingerprint', '-sha256'))
    .trim()
    .split('=')[1];
  const dates = await openssl('x509', '-in', file, '-noout', '-startdate', '-enddate');
  const date = (name: string) =>
    new Date(new RegExp(`${name}=(.+)`).exec(dates)![1]!.trim()).toISOString();
  const der = await run('openssl', ['x509', '-in', file, '-outform', 'der'], {
    cwd: dir,
    encoding: 'buffer',
  });
  return {
    fingerprint,
    validFrom: date('notBefore'),
    validTo: date('notAfter'),
    derBase64: der.stdout.toString('base64'),
  };
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>TLS fixture</title>
<p>served over TLS</p><script>fetch('/data.json')</script>`;

beforeAll(async () => {
  chromiumPath = await findChromium(['/usr/bin/chromium']);
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=Vigil Test CA/O=Vigil tests',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ); // prettier-ignore
  await openssl(
    'req', ...ec, '-keyout', 'server.key', '-out', 'server.csr',
    '-subj', '/CN=vigil-test-server/O=Vigil tests',
  ); // prettier-ignore
  await writeFile(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  await openssl(
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
    '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext',
  ); // prettier-ignore
  caSpki = (
    await run(
      'sh',
      [
        '-c',
        'openssl x509 -in ca.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64',
      ],
      { cwd: dir },
    )
  ).stdout.trim();
  const [key, leaf, ca] = await Promise.all(
    ['server.key', 'server.pem', 'ca.pem'].map((f) => readFile(path.join(dir, f), 'utf8')),
  );
  // The server sends its certificate and the CA's: a chain of two.
  server = createServer({ key, cert: leaf! + ca! }, (req, res) => {
    const json = req.url === '/data.json';
    const body = json ? '{"ok":true}' : PAGE;
    res.writeHead(json || req.url === '/' ? 200 : 404, {
      'Content-Type': json ? 'application/json' : 'text/html; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

const options = (over: Partial<CaptureOptions> = {}): CaptureOptions => ({
  outDir: path.join(dir, `c-${Math.random().toString(36).slice(2)}`),
  chromiumPath,
  collector: 'analyst.one',
  legalBasisRef: 'LB-TLS',
  allowHosts: [new URL(origin).host],
  ...over,
});

describe('capture over https with a certificate trusted by SPKI', () => {
  let result: CaptureResult;
  beforeAll(async () => {
    result = await captureUrl(`${origin}/`, options({ trustedSpki: [caSpki] }));
  });

  it('records the server certificate chain, decoded, with protocol and cipher', async () => {
    const p = result.provenance;
    expect(p.status).toBe(200);
    expect(p.tls).toHaveLength(1);
    const tls = p.tls![0]!;
    expect(tls.origin).toBe(origin);
    expect(tls.protocol).toMatch(/^TLS 1\.[23]$/);
    expect(tls.cipher).toMatch(/AES|CHACHA20/);
    const [leafRef, caRef] = await Promise.all([
      describeCert(path.join(dir, 'server.pem')),
      describeCert(path.join(dir, 'ca.pem')),
    ]);
    // Leaf first, exactly the DER the server sent.
    expect(tls.chainDer).toEqual([leafRef.derBase64, caRef.derBase64]);
    expect(tls.certificates).toHaveLength(2);
    const [leaf, ca] = tls.certificates;
    expect(leaf).toMatchObject({
      sha256Fingerprint: leafRef.fingerprint,
      validFrom: leafRef.validFrom,
      validTo: leafRef.validTo,
      isCa: false,
    });
    expect(leaf!.subject).toContain('CN=vigil-test-server');
    expect(leaf!.issuer).toContain('CN=Vigil Test CA');
    expect(ca).toMatchObject({
      sha256Fingerprint: caRef.fingerprint,
      validFrom: caRef.validFrom,
      validTo: caRef.validTo,
      spkiSha256: caSpki,
      isCa: true,
    });
    expect(ca!.subject).toBe(ca!.issuer); // self-signed root
    // Chromium's own summary of the leaf agrees.
    expect(tls.subjectName).toBe('vigil-test-server');
    expect(tls.issuer).toBe('Vigil Test CA');
  });

  it('says that certificate errors were ignored, and for which key', () => {
    expect(result.provenance.tlsErrorsIgnoredForSpki).toEqual([caSpki]);
    expect(result.provenance.tlsNote).toMatch(/certificate errors were ignored/);
    expect(result.provenance.browser.args).toContain(
      `--ignore-certificate-errors-spki-list=${caSpki}`,
    );
  });

  it('records the exchanges made over TLS in the WARC, and the chain in its metadata record', async () => {
    const responses: string[] = [];
    let metadata: { tls?: { chainDer: string[] }[] } = {};
    for await (const record of new WARCParser(createReadStream(result.warcPath))) {
      const payload = Buffer.from(await record.readFully(false));
      if (record.warcType === 'response') responses.push(record.warcTargetURI ?? '');
      if (record.warcType === 'metadata')
        metadata = JSON.parse(payload.toString()) as typeof metadata;
    }
    expect(responses).toEqual(expect.arrayContaining([`${origin}/`, `${origin}/data.json`]));
    expect(metadata.tls?.[0]?.chainDer).toEqual(result.provenance.tls![0]!.chainDer);
  });
});

describe('capture over https without the trust exception', () => {
  it('does not load a page whose certificate Chromium cannot verify, and says why', async () => {
    const result = await captureUrl(`${origin}/`, options());
    expect(result.status).toBeNull();
    expect(result.exchanges).toBe(0);
    expect(result.provenance.tlsErrorsIgnoredForSpki).toEqual([]);
    expect(result.provenance.failed[0]).toMatchObject({ url: `${origin}/` });
    expect(result.provenance.failed[0]!.error).toMatch(/ERR_CERT/);
  });

  it('refuses a trusted SPKI entry that is not a base64 SHA-256', async () => {
    const error = await captureUrl(`${origin}/`, options({ trustedSpki: ['not-a-hash'] })).catch(
      (e: unknown) => e,
    );
    expect(isInvalidInput(error)).toBe(true);
  });
});
