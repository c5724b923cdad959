import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';
import { independentlyValid } from './test-support/independent-wallet-check.js';
import {
  isValidBtcAddress,
  isValidEthAddress,
  isValidTronAddress,
  makeWallet,
  WALLET_KINDS,
} from './wallets.js';

describe('wallet addresses', () => {
  it('accept published reference addresses and reject corrupted ones', () => {
    expect(isValidBtcAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toBe(true);
    expect(isValidBtcAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb')).toBe(false);
    expect(isValidBtcAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe(true); // BIP 173 test vector
    expect(isValidBtcAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBe(false);
    expect(isValidEthAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(true); // EIP-55 example
    expect(isValidEthAddress('0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(false);
    expect(independentlyValid('eth', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359')).toBe(true); // EIP-55 example
    expect(isValidTronAddress('TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE')).toBe(true);
    expect(independentlyValid('trx', 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE')).toBe(true);
  });

  it('generates addresses of every kind that both validators accept', () => {
    const rng = Rng.from('wallet-test');
    for (let i = 0; i < 50; i += 1) {
      for (const kind of WALLET_KINDS) {
        const address = makeWallet(rng, kind);
        const type = kind === 'eth' ? 'eth' : kind === 'trx' ? 'trx' : 'btc';
        expect(independentlyValid(type, address), `${kind} ${address}`).toBe(true);
        const own =
          type === 'eth'
            ? isValidEthAddress
            : type === 'trx'
              ? isValidTronAddress
              : isValidBtcAddress;
        expect(own(address)).toBe(true);
        if (kind === 'btc-bech32') expect(address).toMatch(/^bc1q[02-9ac-hj-np-z]{38}$/);
        if (kind === 'btc-legacy') expect(address.startsWith('1')).toBe(true);
      }
    }
  });
});
