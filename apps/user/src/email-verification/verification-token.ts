import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@orion/core';

/** 32 random bytes, base64url: 43 characters, 256 bits that cannot be guessed. */
export function newVerificationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored: SHA-256 in hex. A database leak yields no usable token. */
export function hashVerificationToken(token: string): string {
  return sha256Hex(token);
}

/** Constant time, so a comparison never tells how much of a hash matched. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
