import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { sha256 } from '../security/hashing';

/** A producer's signing key: the private half stays in that producer's configuration. */
export interface SigningKey {
  producer: string;
  kid: string;
  privateKey: KeyObject;
}

/** A public key a consumer trusts for one producer, named by the key id envelopes carry. */
export interface TrustedKey {
  producer: string;
  kid: string;
  publicKey: KeyObject;
}

// DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key around the raw 32 bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function decodeBase64(value: string): Buffer {
  const bytes = Buffer.from(
    value.trim(),
    value.includes('-') || value.includes('_') ? 'base64url' : 'base64',
  );
  if (bytes.length === 0) throw new Error('not base64');
  return bytes;
}

/** A PKCS#8 PEM Ed25519 private key, or its 32-byte seed in base64 / base64url. */
export function parsePrivateKey(value: string): KeyObject {
  const key = value.includes('-----BEGIN')
    ? createPrivateKey(value.replace(/\\n/g, '\n'))
    : (() => {
        const seed = decodeBase64(value);
        if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
        return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
      })();
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('must be an Ed25519 key');
  return key;
}

/** An SPKI PEM Ed25519 public key, or its raw 32 bytes in base64 / base64url. */
export function parsePublicKey(value: string): KeyObject {
  const key = value.includes('-----BEGIN')
    ? createPublicKey(value.replace(/\\n/g, '\n'))
    : (() => {
        const raw = decodeBase64(value);
        if (raw.length !== 32) throw new Error('a raw Ed25519 public key is 32 bytes');
        return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
      })();
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('must be an Ed25519 key');
  return key;
}

/** The raw public key in base64, as TRANSPORT_TRUSTED_KEYS lists it. */
export function publicKeyBase64(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length).toString('base64');
}

/** The default key id: the first 9 bytes of the public key's SHA-256, base64url (12 characters). */
export function keyFingerprint(key: KeyObject): string {
  return sha256(publicKeyBase64(key)).subarray(0, 9).toString('base64url');
}

/**
 * JSON with object keys sorted at every level. Signed payloads are re-serialized by the
 * consumer after parsing (and events pass through PostgreSQL jsonb, which reorders keys), so
 * both sides must agree on one spelling of the same value.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/**
 * What a signature covers. `kind` separates commands, replies and events, so a signature
 * made for one can never be presented as another.
 */
export interface SignedFields {
  kind: 'command' | 'reply' | 'event';
  /** The pattern, the event name, or the request id a reply answers. */
  name: string;
  producer: string;
  messageId: string;
  timestamp: string;
  kid: string;
  /** Everything else that must not change in transit: payload, reply body, request id, … */
  body: unknown;
}

function signedBytes(fields: SignedFields): Buffer {
  return Buffer.from(
    canonicalJson([
      'orion.v1',
      fields.kind,
      fields.name,
      fields.producer,
      fields.messageId,
      fields.timestamp,
      fields.kid,
      fields.body ?? null,
    ]),
  );
}

/** Signs what one service sends, with its own private key. */
export class MessageSigner {
  constructor(readonly key: SigningKey) {}

  get producer(): string {
    return this.key.producer;
  }

  get kid(): string {
    return this.key.kid;
  }

  sign(fields: Omit<SignedFields, 'producer' | 'kid'>): string {
    return sign(
      null,
      signedBytes({ ...fields, producer: this.producer, kid: this.kid }),
      this.key.privateKey,
    ).toString('base64url');
  }
}

export type Verification = { ok: true } | { ok: false; reason: string };

/**
 * The public keys a service trusts, several per producer while a key is being rotated:
 * a message verifies when the key its `kid` names belongs to the producer it claims.
 */
export class TrustedKeyring {
  private readonly keys = new Map<string, KeyObject>();

  constructor(keys: TrustedKey[]) {
    for (const key of keys) this.keys.set(`${key.producer}\u0000${key.kid}`, key.publicKey);
  }

  producers(): string[] {
    return [...new Set([...this.keys.keys()].map((id) => id.split('\u0000')[0]!))];
  }

  verify(fields: SignedFields, signature: unknown): Verification {
    if (typeof signature !== 'string' || signature.length === 0) return { ok: false, reason: 'unsigned' };
    const key = this.keys.get(`${fields.producer}\u0000${fields.kid}`);
    if (!key) return { ok: false, reason: `no trusted key ${fields.kid} for producer ${fields.producer}` };
    let valid: boolean;
    try {
      valid = verify(null, signedBytes(fields), key, Buffer.from(signature, 'base64url'));
    } catch {
      valid = false;
    }
    return valid ? { ok: true } : { ok: false, reason: 'bad signature' };
  }
}
