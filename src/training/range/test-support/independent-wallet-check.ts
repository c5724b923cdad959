/**
 * @module An independent wallet-address validator for tests, written from the specs (Base58Check,
 * BIP 173, EIP-55) without @scure/base, so a shared codec bug cannot make generator and check agree.
 */
import { createHash } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';

// An independent validator, written from the specs without @scure/base, so a shared bug in the
// generator's codec cannot make both sides agree.
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58Decode(text: string): Uint8Array {
  let n = 0n;
  for (const ch of text) {
    const i = B58.indexOf(ch);
    if (i < 0) throw new Error('bad char');
    n = n * 58n + BigInt(i);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n % 256n));
    n /= 256n;
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();
function base58CheckPayload(text: string): Uint8Array | null {
  const raw = base58Decode(text);
  const body = raw.slice(0, -4);
  const check = sha256(sha256(body)).subarray(0, 4);
  return Buffer.from(raw.slice(-4)).equals(check) ? body : null;
}
// BIP 173 reference checksum.
function bech32Valid(address: string): boolean {
  const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const lower = address.toLowerCase();
  const pos = lower.lastIndexOf('1');
  const hrp = lower.slice(0, pos);
  const data = [...lower.slice(pos + 1)].map((c) => CHARSET.indexOf(c));
  if (data.some((d) => d < 0)) return false;
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  const values = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
    ...data,
  ];
  for (const v of values) {
    const top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i += 1) if ((top >> i) & 1) chk ^= GEN[i] ?? 0;
  }
  return chk === 1 && hrp === 'bc' && data[0] === 0 && data.length === 1 + 32 + 6;
}
function eip55Valid(address: string): boolean {
  const hex = address.slice(2);
  const hash = Buffer.from(keccak_256(new TextEncoder().encode(hex.toLowerCase()))).toString('hex');
  return [...hex].every((ch, i) =>
    /[0-9]/.test(ch) ? true : parseInt(hash[i] ?? '0', 16) >= 8 === (ch === ch.toUpperCase()),
  );
}

/** Validates any range wallet by its shape, independently of wallets.ts. */
export function independentlyValid(type: string, address: string): boolean {
  if (type === 'eth') return /^0x[0-9a-fA-F]{40}$/.test(address) && eip55Valid(address);
  if (type === 'trx') return base58CheckPayload(address)?.[0] === 0x41 && address.startsWith('T');
  if (address.startsWith('bc1')) return bech32Valid(address);
  const payload = base58CheckPayload(address);
  return payload !== null && payload.length === 21 && payload[0] === 0x00;
}
