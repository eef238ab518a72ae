import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * Password rules after NIST SP 800-63B rev. 4 §3.1.1.2 and OWASP ASVS 5 V6.2: a length floor, a
 * generous ceiling, no composition rules, and a blocklist of common and breached passwords plus
 * words from the account itself. Lengths count Unicode code points after NFKC normalisation.
 */
export const MIN_PASSWORD_LENGTH = 8;
/** What we recommend (and NIST requires when the password is the only factor). */
export const RECOMMENDED_PASSWORD_LENGTH = 15;
/** NIST asks that at least 64 be allowed; every service accepts up to 128 wherever a password is set. */
export const MAX_PASSWORD_LENGTH = 128;

const BLOCKLIST: ReadonlySet<string> = new Set(COMMON_PASSWORDS.split('\n').filter(Boolean));

export type PasswordRule = 'min-length' | 'max-length' | 'common-password' | 'contains-identifier';

/** A password that breaks a rule; `rule` names it for clients that show a specific hint. */
export class WeakPasswordError extends DomainError {
  readonly status = HttpStatus.BAD_REQUEST;
  constructor(
    readonly code: string,
    rule: PasswordRule,
    message: string,
  ) {
    super(message);
    this.extensions.field = 'password';
    this.extensions.rule = rule;
  }
}

/** NFKC, so visually identical passwords typed on different keyboards compare and hash alike. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Checks a normalised password; `identifiers` are the account's own words (e-mail, username). */
export function assertAcceptablePassword(password: string, identifiers: string[] = []): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new WeakPasswordError(
      'PASSWORD_TOO_SHORT',
      'min-length',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long; ${RECOMMENDED_PASSWORD_LENGTH} or more is recommended.`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new WeakPasswordError(
      'PASSWORD_TOO_LONG',
      'max-length',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
    );
  }
  const lower = password.toLowerCase();
  if (BLOCKLIST.has(lower)) {
    throw new WeakPasswordError(
      'PASSWORD_TOO_COMMON',
      'common-password',
      'This password is among the most common or breached passwords; choose another.',
    );
  }
  const words = identifiers
    .flatMap((identifier) => [identifier, identifier.split('@')[0]])
    .map((word) => word.toLowerCase())
    .filter((word) => [...word].length >= 4);
  if (words.some((word) => lower.includes(word))) {
    throw new WeakPasswordError(
      'PASSWORD_CONTAINS_IDENTIFIER',
      'contains-identifier',
      'The password must not contain your e-mail address or username.',
    );
  }
}
