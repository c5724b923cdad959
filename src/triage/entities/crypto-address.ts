/**
 * @module Cryptocurrency address validation by checksum: Bitcoin Base58Check (P2PKH/P2SH),
 * SegWit bech32 (BIP-173, witness v0) and bech32m (BIP-350, v1+), Ethereum EIP-55 mixed-case
 * checksums (Keccak-256, which is NOT the standardised SHA3-256), and TRON Base58Check (0x41).
 * A wallet that validates is worth linking across cases; one that does not is likely a typo.
 */
import { createBase58check, bech32, bech32m } from '@scure/base';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';

const base58check = createBase58check(sha256);

/** The result of checking one address. */
export interface AddressCheck {
  readonly valid: boolean;
  /** e.g. `p2pkh`, `p2sh`, `p2wpkh`, `p2wsh`, `p2tr`, `witness_v2`, `eip55`, `tron`. */
  readonly kind?: string;
  readonly network?: 'mainnet' | 'testnet' | 'regtest';
  /** Why it is invalid, for the analyst. */
  readonly reason?: string;
  /** Canonical spelling: lower-case bech32, EIP-55 checksummed ETH. */
  readonly normalised?: string;
}

function decodeBase58check(address: string): Uint8Array | undefined {
  try {
    return base58check.decode(address);
  } catch {
    return undefined;
  }
}

/** Legacy Bitcoin address: Base58Check of version byte + 20-byte hash (checksum: SHA-256d). */
export function checkBtcBase58(address: string): AddressCheck {
  const payload = decodeBase58check(address);
  if (payload === undefined) return { valid: false, reason: 'Base58Check checksum does not match' };
  if (payload.length !== 21)
    return { valid: false, reason: `payload is ${payload.length} bytes, expected 21` };
  const versions: Record<number, [string, 'mainnet' | 'testnet']> = {
    0x00: ['p2pkh', 'mainnet'],
    0x05: ['p2sh', 'mainnet'],
    0x6f: ['p2pkh', 'testnet'],
    0xc4: ['p2sh', 'testnet'],
  };
  const v = versions[payload[0]!];
  if (v === undefined)
    return { valid: false, reason: `unknown version byte 0x${payload[0]!.toString(16)}` };
  return { valid: true, kind: v[0], network: v[1], normalised: address };
}

const SEGWIT_HRP: Record<string, 'mainnet' | 'testnet' | 'regtest'> = {
  bc: 'mainnet',
  tb: 'testnet',
  bcrt: 'regtest',
};

/**
 * SegWit address (BIP-173 / BIP-350): witness version 0 must use bech32, 1..16 bech32m;
 * programs are 2..40 bytes, and exactly 20 or 32 for v0 (BIP-141).
 */
export function checkBtcSegwit(address: string): AddressCheck {
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase())
    return { valid: false, reason: 'mixed case' };
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  const network = SEGWIT_HRP[hrp];
  if (network === undefined)
    return { valid: false, reason: `unknown human-readable part "${hrp}"` };
  const v0 = bech32.decodeUnsafe(lower, 90);
  const v1 = v0 === undefined ? bech32m.decodeUnsafe(lower, 90) : undefined;
  const decoded = v0 ?? v1;
  if (decoded === undefined)
    return { valid: false, reason: 'bech32/bech32m checksum does not match' };
  const [version, ...rest] = decoded.words;
  if (version === undefined) return { valid: false, reason: 'empty data part' };
  if (version > 16) return { valid: false, reason: `witness version ${version} is above 16` };
  // BIP-350: version 0 uses the bech32 constant, every later version uses bech32m.
  if (version === 0 && v0 === undefined)
    return { valid: false, reason: 'witness v0 must use bech32, not bech32m' };
  if (version > 0 && v1 === undefined)
    return { valid: false, reason: `witness v${version} must use bech32m` };
  const program = bech32.fromWordsUnsafe(rest);
  if (program === undefined)
    return { valid: false, reason: 'invalid padding in the witness program' };
  if (program.length < 2 || program.length > 40) {
    return { valid: false, reason: `witness program is ${program.length} bytes, expected 2..40` };
  }
  if (version === 0 && program.length !== 20 && program.length !== 32) {
    return {
      valid: false,
      reason: `witness v0 program is ${program.length} bytes, expected 20 or 32`,
    };
  }
  const kind =
    version === 0
      ? program.length === 20
        ? 'p2wpkh'
        : 'p2wsh'
      : version === 1 && program.length === 32
        ? 'p2tr'
        : `witness_v${version}`;
  return { valid: true, kind, network, normalised: lower };
}

const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The EIP-55 checksummed spelling of a 40-hex-digit address (with 0x). */
export function toEip55(address: string): string {
  const hex = address.replace(/^0x/i, '').toLowerCase();
  // EIP-55: hash the lower-case ASCII hex with Keccak-256 (the pre-standard SHA-3 padding).
  const hash = toHex(keccak_256(new TextEncoder().encode(hex)));
  let out = '0x';
  for (let i = 0; i < hex.length; i++) {
    const c = hex[i]!;
    out += parseInt(hash[i]!, 16) >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

/**
 * Ethereum address: mixed case must match EIP-55; all-lower or all-upper carries no checksum
 * and is reported valid with kind `unchecksummed` (nothing to verify, nothing contradicted).
 */
export function checkEth(address: string): AddressCheck {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address))
    return { valid: false, reason: 'expected 0x and 40 hex digits' };
  const body = address.slice(2);
  const normalised = toEip55(address);
  if (body === body.toLowerCase() || body === body.toUpperCase()) {
    return { valid: true, kind: 'unchecksummed', normalised };
  }
  if (normalised !== address)
    return { valid: false, reason: 'EIP-55 checksum does not match', normalised };
  return { valid: true, kind: 'eip55', normalised };
}

/** TRON address: Base58Check of 0x41 + 20-byte account id. */
export function checkTron(address: string): AddressCheck {
  const payload = decodeBase58check(address);
  if (payload === undefined) return { valid: false, reason: 'Base58Check checksum does not match' };
  if (payload.length !== 21 || payload[0] !== 0x41)
    return { valid: false, reason: 'expected 0x41 and a 20-byte id' };
  return { valid: true, kind: 'tron', network: 'mainnet', normalised: address };
}
