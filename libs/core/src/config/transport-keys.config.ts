import { z } from 'zod';
import {
  keyFingerprint,
  parsePrivateKey,
  parsePublicKey,
  SigningKey,
  TrustedKey,
} from '../transport/message-signing';
import {
  DEVELOPMENT_CACHE_MAC_KEY,
  DEVELOPMENT_SIGNING_KEYS,
  DEVELOPMENT_TRUSTED_KEYS,
} from './development-keys';
import type { ServiceName } from './service-config';

/** How services prove to each other who sent a message (docs in the root README, "Who is trusted"). */
export interface TransportSecurityConfig {
  /** This service's private key and its key id, put into every envelope it signs. */
  signingKey: SigningKey;
  /** Producers' public keys this service accepts, several per producer during a rotation. */
  trustedKeys: TrustedKey[];
  /** Commands and replies older (or further in the future) than this are refused as stale. */
  maxSkewMs: number;
}

/** The MAC key of cache entries that grant something; Redis never sees it. */
export interface CacheIntegrityConfig {
  macKey: Buffer;
}

const PRODUCER = /^[a-z][a-z-]{0,31}$/;
const KID = /^[A-Za-z0-9_.-]{1,64}$/;

// An empty value counts as unset, so .env.example can list the variables without values.
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const transportKeysSchema = {
  TRANSPORT_SIGNING_KEY: optional(z.string()),
  TRANSPORT_SIGNING_KEY_ID: optional(z.string().regex(KID, { message: 'must be 1-64 of A-Z a-z 0-9 _ . -' })),
  TRANSPORT_TRUSTED_KEYS: optional(z.string()),
  TRANSPORT_MAX_SKEW_S: z.coerce.number().int().min(1).max(600).default(60),
  CACHE_MAC_KEY: optional(z.string()),
};

/** `producer:kid:publicKey` entries separated by commas or white space. */
export function parseTrustedKeys(value: string): TrustedKey[] {
  const entries = value.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) throw new Error('lists no key');
  return entries.map((entry) => {
    const [producer, kid, publicKey, extra] = entry.split(':');
    if (!producer || !kid || !publicKey || extra !== undefined || !PRODUCER.test(producer) || !KID.test(kid))
      throw new Error(`entry "${entry.slice(0, 40)}" is not producer:kid:publicKey`);
    try {
      return { producer, kid, publicKey: parsePublicKey(publicKey) };
    } catch (error) {
      throw new Error(`key ${producer}:${kid}: ${(error as Error).message}`, { cause: error });
    }
  });
}

function parseMacKey(value: string): Buffer {
  const key = Buffer.from(value, /[-_]/.test(value) ? 'base64url' : 'base64');
  if (key.length < 32) throw new Error('must be at least 32 bytes, base64');
  return key;
}

type Values = Record<string, unknown>;

/**
 * Reads the transport keys and the cache MAC key. Outside production the committed development
 * keys stand in for unset variables; in production every one of them must be set.
 */
export function loadTransportKeys(
  service: ServiceName,
  values: Values,
  production: boolean,
): { problems: string[]; transport?: TransportSecurityConfig; cache?: CacheIntegrityConfig } {
  const problems: string[] = [];
  const value = (name: string, fallback: string): string | undefined => {
    const set = values[name] as string | undefined;
    if (set) return set;
    if (production) problems.push(`${name} is required when NODE_ENV=production`);
    return production ? undefined : fallback;
  };
  const development = DEVELOPMENT_SIGNING_KEYS[service];
  const read = <T>(name: string, raw: string | undefined, parse: (raw: string) => T): T | undefined => {
    if (raw === undefined) return undefined;
    try {
      return parse(raw);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const rawSigningKey = value('TRANSPORT_SIGNING_KEY', development.seed);
  const privateKey = read('TRANSPORT_SIGNING_KEY', rawSigningKey, parsePrivateKey);
  const trustedKeys = read(
    'TRANSPORT_TRUSTED_KEYS',
    value('TRANSPORT_TRUSTED_KEYS', DEVELOPMENT_TRUSTED_KEYS),
    parseTrustedKeys,
  );
  const macKey = read('CACHE_MAC_KEY', value('CACHE_MAC_KEY', DEVELOPMENT_CACHE_MAC_KEY), parseMacKey);
  if (!privateKey || !trustedKeys || !macKey) return { problems };
  const usesDevelopmentKey = rawSigningKey === development.seed;
  const kid =
    (values.TRANSPORT_SIGNING_KEY_ID as string | undefined) ??
    (usesDevelopmentKey ? development.kid : keyFingerprint(privateKey));
  return {
    problems,
    transport: {
      signingKey: { producer: service, kid, privateKey },
      trustedKeys,
      maxSkewMs: (values.TRANSPORT_MAX_SKEW_S as number) * 1000,
    },
    cache: { macKey },
  };
}
