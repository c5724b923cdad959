import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { isConflict, isInvalidInput } from '../core/errors.js';
import { DEFAULT_TSA_POLICY, startTsaServer, tsaInit } from './tsa-authority.js';
import type { TsaServer } from './tsa-authority.js';
import { buildTimestampRequest, requestTimestamp } from './tsa-client.js';
import { tokenFromResponse, verifyToken } from './timestamp-verify.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-tsa-'));
const dir = path.join(work, 'tsa');
const clock = new ManualClock('2026-05-01T08:00:00.750Z');
let server: TsaServer;
const data = Buffer.from('{"datapackage":true}\n');

const post = async (body: Uint8Array, contentType = 'application/timestamp-query') =>
  fetch(server.url, { method: 'POST', headers: { 'content-type': contentType }, body });

beforeAll(async () => {
  await tsaInit(dir, { clock });
  server = await startTsaServer({ dir, port: 0, clock });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('Vigil TSA', () => {
  it('issues a TSA certificate with a critical timeStamping extended key usage (RFC 3161 §2.3)', () => {
    const text = spawnSync('openssl', [
      'x509',
      '-in',
      path.join(dir, 'tsa-cert.pem'),
      '-noout',
      '-text',
    ]).stdout.toString();
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
    expect(text).toContain('ASN1 OID: prime256v1');
    const chain = spawnSync('openssl', [
      'verify',
      '-CAfile',
      path.join(dir, 'root-cert.pem'),
      path.join(dir, 'tsa-cert.pem'),
    ]);
    expect(chain.stdout.toString()).toContain(': OK');
    expect(fs.statSync(path.join(dir, 'tsa-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite an existing TSA and to serve beyond loopback', async () => {
    await expect(tsaInit(dir, { clock })).rejects.toSatisfy(isConflict);
    await expect(startTsaServer({ dir, host: '0.0.0.0' })).rejects.toSatisfy(isInvalidInput);
  });

  it('answers with whole-second genTime, 1 s accuracy, the policy, and unique serials persisted across restarts', async () => {
    const first = await requestTimestamp({ urls: [server.url], data });
    const second = await requestTimestamp({ urls: [server.url], data });
    expect(first.tokens[0]?.time).toBe('2026-05-01T08:00:00.000Z');
    const serials = [first.tokens[0]?.serial, second.tokens[0]?.serial];
    await server.close();
    server = await startTsaServer({ dir, port: 0, clock });
    const third = await requestTimestamp({ urls: [server.url], data });
    serials.push(third.tokens[0]?.serial);
    expect(new Set(serials).size).toBe(3);
    expect(Number(fs.readFileSync(path.join(dir, 'serial'), 'utf8'))).toBeGreaterThanOrEqual(3);
    const tokenFile = path.join(work, 'third.token');
    fs.writeFileSync(tokenFile, third.tokens[0]!.token);
    const text = spawnSync('openssl', [
      'ts',
      '-reply',
      '-token_in',
      '-in',
      tokenFile,
      '-text',
    ]).stdout.toString();
    expect(third.tokens[0]?.policy).toBe(DEFAULT_TSA_POLICY);
    expect(text).toContain(`Policy OID: ${DEFAULT_TSA_POLICY}`);
    expect(text).toContain('Accuracy: 0x01 seconds');
  });

  it('rejects what is not a timestamp query', async () => {
    expect((await fetch(server.url)).status).toBe(405);
    expect((await post(Buffer.from('x'), 'text/plain')).status).toBe(415);
    const garbage = await post(Buffer.from('not DER'));
    expect(garbage.headers.get('content-type')).toBe('application/timestamp-reply');
    const garbageBody = Buffer.from(await garbage.arrayBuffer());
    expect(() => tokenFromResponse(garbageBody)).toThrow(
      /refused the request \(PKIStatus 2: the request is not a DER TimeStampReq\)/,
    );
  });

  it('rejects a request for a policy it does not issue under', async () => {
    const request = pkijs.TimeStampReq.fromBER(
      buildTimestampRequest(createHash('sha256').update(data).digest(), Buffer.from([1, 2, 3, 4])),
    );
    request.reqPolicy = '1.2.3.4';
    const response = await post(Buffer.from(request.toSchema().toBER(false)));
    const body = Buffer.from(await response.arrayBuffer());
    expect(() => tokenFromResponse(body)).toThrow(/policy/);
  });

  it('yields tokens that fail for other data, and that a nonce mismatch exposes', async () => {
    const { tokens } = await requestTimestamp({ urls: [server.url], data });
    const token = tokens[0]!.token;
    expect((await verifyToken(token, data)).ok).toBe(true);
    const other = await verifyToken(token, Buffer.from('other'));
    expect(other.ok).toBe(false);
    expect(other.reason).toMatch(/timestamps other data/);
    const nonce = await verifyToken(token, data, [], 12345n);
    expect(nonce.reason).toMatch(/nonce/);
    // A token whose TSTInfo was altered no longer verifies.
    const altered = Buffer.from(token);
    const at = altered.indexOf(Buffer.from(createHash('sha256').update(data).digest()));
    altered[at + 31] = (altered[at + 31] ?? 0) ^ 1;
    expect((await verifyToken(altered, data)).ok).toBe(false);
  });

  it('names the TSA that is unavailable or silent', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    try {
      const result = await requestTimestamp({
        urls: ['http://127.0.0.1:9/', silentUrl, server.url],
        data,
        timeoutMs: 500,
      });
      expect(result.tokens.map((token) => token.tsa)).toEqual([server.url]);
      expect(result.failures[0]?.error).toMatch(/TSA http:\/\/127\.0\.0\.1:9\/ is unavailable/);
      expect(result.failures[1]?.error).toContain(
        `TSA ${silentUrl} is unavailable: no answer within 500 ms`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
