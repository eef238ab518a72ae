import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Base32Plugin, CryptoPlugin, generateSecret } from '@otplib/core';
import { generate, verify, VerifyResult } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';

// otplib 13's default plugins are ESM-only (@noble/hashes, @scure/base), which Jest and older
// Node cannot require; node:crypto and a few lines of RFC 4648 base32 do the same job.
const nodeCrypto: CryptoPlugin = {
  name: 'node-crypto',
  algorithms: ['sha1', 'sha256', 'sha512'],
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
  constantTimeEqual: (a, b) => {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  },
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const base32: Base32Plugin = {
  name: 'rfc4648-base32',
  encode(data, options) {
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of data) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        out += ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
    return options?.padding ? out.padEnd(Math.ceil(out.length / 8) * 8, '=') : out;
  },
  decode(text) {
    const clean = text.toUpperCase().replace(/=+$/, '').replace(/\s/g, '');
    let bits = 0;
    let value = 0;
    const out: number[] = [];
    for (const char of clean) {
      const index = ALPHABET.indexOf(char);
      if (index < 0) throw new Error('invalid base32 character');
      value = (value << 5) | index;
      bits += 5;
      if (bits >= 8) {
        out.push((value >>> (bits - 8)) & 255);
        bits -= 8;
      }
    }
    return new Uint8Array(out);
  },
};

/** RFC 6238 with the defaults every authenticator app supports: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;

/** A new 160-bit secret in base32, as apps expect it. */
export const newTotpSecret = (): string => generateSecret({ crypto: nodeCrypto, base32, length: 20 });

export const totpUri = (issuer: string, label: string, secret: string): string =>
  generateTOTP({ issuer, label, secret });

/** The code for `epochS` (default now). */
export const totpCodeAt = (secret: string, epochS?: number): Promise<string> =>
  generate({
    secret,
    crypto: nodeCrypto,
    base32,
    period: TOTP_PERIOD_S,
    ...(epochS !== undefined && { epoch: epochS }),
  });

/** Checks a code within `toleranceS` seconds either side of now; a match reports its time step. */
export const checkTotp = (secret: string, token: string, toleranceS: number): Promise<VerifyResult> =>
  verify({ secret, token, crypto: nodeCrypto, base32, period: TOTP_PERIOD_S, epochTolerance: toleranceS });
