import type { KeyObject } from 'node:crypto';

export const SIGNING_ALGORITHM = 'EdDSA';

export interface StoredSigningKey {
  kid: string;
  algorithm: string;
  publicJwk: Record<string, unknown>;
  privateKeyEncrypted: string;
  activatesAt: Date;
  retiredAt: Date | null;
  publishedUntil: Date | null;
}

export type NewSigningKey = Omit<StoredSigningKey, 'retiredAt' | 'publishedUntil'>;

/** The key that signs now. */
export interface ActiveSigningKey {
  kid: string;
  alg: typeof SIGNING_ALGORITHM;
  privateKey: KeyObject;
}

export interface PublicJwk extends Record<string, unknown> {
  kid: string;
}
