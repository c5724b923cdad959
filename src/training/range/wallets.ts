/**
 * @module Checksum-valid cryptocurrency addresses from seeded random bytes, and their validators.
 * The payload is 20 random bytes, not a hash of a public key, so no private key exists for any
 * of them: nobody can ever receive funds at a range address.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { bech32, createBase58check } from '@scure/base';
import type { Rng } from './prng.js';

const base58check = createBase58check(sha256);

export const WALLET_KINDS = ['btc-legacy', 'btc-bech32', 'eth', 'trx'] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];

/** Bitcoin P2PKH: version byte 0x00 + HASH160, Base58Check (Bitcoin wiki "Technical background of version 1 addresses"). */
export function btcLegacyAddress(payload: Uint8Array): string {
  return base58check.encode(Uint8Array.from([0x00, ...payload]));
}

/** Bitcoin P2WPKH: witness v0 with a 20-byte program, bech32 with HRP "bc" (BIP 173). */
export function btcBech32Address(payload: Uint8Array): string {
  return bech32.encode('bc', [0, ...bech32.toWords(payload)]);
}

/** Ethereum address with the EIP-55 mixed-case checksum over Keccak-256 of the lowercase hex. */
export function ethAddress(payload: Uint8Array): string {
  const lower = bytesToHex(payload);
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i += 1) {
    const ch = lower[i] ?? '';
    // EIP-55: uppercase a letter when the matching hash nibble is ≥ 8.
    out += parseInt(hash[i] ?? '0', 16) >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

/** TRON: version byte 0x41 + 20 bytes, Base58Check; always starts with "T". */
export function tronAddress(payload: Uint8Array): string {
  return base58check.encode(Uint8Array.from([0x41, ...payload]));
}

/** A fresh address of `kind` from the seeded stream. */
export function makeWallet(rng: Rng, kind: WalletKind): string {
  const payload = rng.bytes(20);
  switch (kind) {
    case 'btc-legacy':
      return btcLegacyAddress(payload);
    case 'btc-bech32':
      return btcBech32Address(payload);
    case 'eth':
      return ethAddress(payload);
    case 'trx':
      return tronAddress(payload);
  }
}

/** The entity type a wallet kind is reported under in the ground truth. */
export const walletEntityType = (kind: WalletKind): 'btc' | 'eth' | 'trx' =>
  kind === 'eth' ? 'eth' : kind === 'trx' ? 'trx' : 'btc';

/** True when `address` is a valid Bitcoin P2PKH/P2SH or segwit v0 address. */
export function isValidBtcAddress(address: string): boolean {
  if (/^bc1/i.test(address)) {
    try {
      const { prefix, words } = bech32.decode(address as `${string}1${string}`);
      const program = bech32.fromWords(words.slice(1));
      return prefix === 'bc' && words[0] === 0 && (program.length === 20 || program.length === 32);
    } catch {
      return false;
    }
  }
  try {
    const bytes = base58check.decode(address);
    return bytes.length === 21 && (bytes[0] === 0x00 || bytes[0] === 0x05);
  } catch {
    return false;
  }
}

/** True when `address` is a 0x-prefixed 20-byte address whose case matches EIP-55. */
export function isValidEthAddress(address: string): boolean {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return false;
  const bytes = Uint8Array.from(Buffer.from(address.slice(2), 'hex'));
  return ethAddress(bytes) === address;
}

/** True when `address` is a Base58Check TRON address (version 0x41). */
export function isValidTronAddress(address: string): boolean {
  try {
    const bytes = base58check.decode(address);
    return bytes.length === 21 && bytes[0] === 0x41;
  } catch {
    return false;
  }
}
