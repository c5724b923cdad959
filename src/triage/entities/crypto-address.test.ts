/**
 * @module Tests: address checksums against published vectors — BIP-173 and BIP-350 valid and
 * invalid SegWit addresses, EIP-55 examples, well-known Base58Check and TRON addresses.
 */
import { createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { checkBtcBase58, checkBtcSegwit, checkEth, checkTron, toEip55 } from './crypto-address.js';

// BIP-350 "Test vectors for v0-v16 native segregated witness addresses" (valid).
const SEGWIT_VALID: Array<[string, string]> = [
  ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'p2wpkh'],
  ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'p2wsh'],
  ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', 'witness_v1'],
  ['BC1SW50QGDZ25J', 'witness_v16'],
  ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'witness_v2'],
  ['tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', 'p2wsh'],
  ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', 'p2tr'],
  ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'p2tr'],
];

// BIP-173 and BIP-350 invalid addresses, each with the reason the BIP gives.
const SEGWIT_INVALID: string[] = [
  'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', // invalid human-readable part
  'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', // invalid checksum
  'BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2', // invalid witness version
  'bc1rw5uspcuh', // invalid program length
  'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90', // program length
  'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', // invalid program length for witness v0
  'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7', // mixed case
  'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', // zero padding of more than 4 bits
  'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv', // non-zero padding
  'bc1gmk9yu', // empty data section
  'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', // invalid HRP
  'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', // bech32 instead of bech32m
  'tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', // bech32 instead of bech32m
  'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', // bech32 instead of bech32m
  'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', // bech32m instead of bech32
  'tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', // bech32m instead of bech32
  'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', // invalid character in checksum
  'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', // invalid witness version
  'bc1pw5dgrnzv', // program length 1 byte
  'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', // 41 bytes
  'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', // mixed case
  'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', // zero padding > 4 bits
  'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', // non-zero padding
];

describe('SegWit addresses (BIP-173, BIP-350)', () => {
  it.each(SEGWIT_VALID)('%s is valid (%s)', (address, kind) => {
    const r = checkBtcSegwit(address);
    expect(r.valid).toBe(true);
    expect(r.kind).toBe(kind);
    expect(r.normalised).toBe(address.toLowerCase());
  });

  it.each(SEGWIT_INVALID)('%s is invalid', (address) => {
    const r = checkBtcSegwit(address);
    expect(r.valid).toBe(false);
    expect(r.reason).toBeTruthy();
  });
});

describe('Base58Check Bitcoin addresses', () => {
  it('accepts the genesis P2PKH address and the BIP-13 example P2SH address', () => {
    expect(checkBtcBase58('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toMatchObject({
      valid: true,
      kind: 'p2pkh',
    });
    expect(checkBtcBase58('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toMatchObject({
      valid: true,
      kind: 'p2sh',
    });
  });

  it('rejects a one-character change (checksum) and a foreign version byte', () => {
    expect(checkBtcBase58('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb').valid).toBe(false);
    const tron = checkBtcBase58('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
    expect(tron).toMatchObject({ valid: false, reason: 'unknown version byte 0x41' });
  });
});

describe('Ethereum EIP-55', () => {
  // EIP-55 specification, "Test Cases".
  const mixed = [
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
    '0xde709f2102306220921060314715629080e2fb77',
    '0x27b1fdb04752bbc536007a920d24acb045561c26',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ];

  it.each(mixed.slice(4))('%s checks (Keccak-256)', (address) => {
    expect(checkEth(address)).toMatchObject({ valid: true, kind: 'eip55', normalised: address });
    expect(toEip55(address.toLowerCase())).toBe(address);
  });

  it('treats all-caps and all-lower spellings as unchecksummed but well-formed', () => {
    for (const a of mixed.slice(0, 4))
      expect(checkEth(a)).toMatchObject({ valid: true, kind: 'unchecksummed' });
  });

  it('rejects a mixed-case address with one letter flipped', () => {
    const bad = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD';
    expect(checkEth(bad)).toMatchObject({
      valid: false,
      normalised: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    });
  });
});

describe('TRON', () => {
  it('accepts the USDT TRC-20 contract address and rejects a corrupted copy', () => {
    expect(checkTron('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t').valid).toBe(true);
    expect(checkTron('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj7t').valid).toBe(false);
  });

  it('rejects a Base58Check payload whose prefix is not 0x41', () => {
    const coder = createBase58check(sha256);
    const notTron = coder.encode(Uint8Array.from([0x42, ...new Uint8Array(20).fill(7)]));
    expect(checkTron(notTron)).toMatchObject({
      valid: false,
      reason: 'expected 0x41 and a 20-byte id',
    });
    const tron = coder.encode(Uint8Array.from([0x41, ...new Uint8Array(20).fill(7)]));
    expect(checkTron(tron).valid).toBe(true);
  });
});
