import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  KeyObject,
  randomBytes,
} from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/**
 * A sealed box for one recipient: an ephemeral X25519 key agreement with the recipient's public
 * key, HKDF-SHA256 to an AES-256-GCM key, and the recipient and purpose bound in as associated
 * data. Only the holder of the recipient's private key can open it; a sealed value moved to
 * another recipient or another field fails to open. Written as
 * `sealed:v1:<recipient>:<base64url(ephemeral public key ‖ iv ‖ ciphertext ‖ tag)>`.
 */

export const SEALED_PREFIX = 'sealed:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// DER headers of an X25519 PKCS#8 private key and SPKI public key around the raw 32 bytes.
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

/** The raw 32-byte private key, base64url (what TRANSPORT_SEALING_KEY holds). */
export function sealingPrivateKey(base64url: string): KeyObject {
  const raw = Buffer.from(base64url, 'base64url');
  if (raw.length !== KEY_BYTES) throw new Error('an X25519 private key is 32 bytes (base64url)');
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519, raw]), format: 'der', type: 'pkcs8' });
}

/** The raw 32-byte public key, base64url (what TRANSPORT_SEALING_PUBLIC_KEYS holds). */
export function sealingPublicKey(base64url: string): KeyObject {
  const raw = Buffer.from(base64url, 'base64url');
  if (raw.length !== KEY_BYTES) throw new Error('an X25519 public key is 32 bytes (base64url)');
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });
}

function rawPublic(key: KeyObject): Buffer {
  const exported = key.export({ format: 'der', type: 'spki' });
  return exported.subarray(exported.length - KEY_BYTES);
}

/** The base64url public key of a private key, to hand to producers. */
export function publicKeyOf(privateKey: KeyObject): string {
  return rawPublic(createPublicKey(privateKey)).toString('base64url');
}

/** A new key pair as the configuration takes it (scripts and tests). */
export function generateSealingKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { privateKey: String(jwk.d), publicKey: String(jwk.x) };
}

function context(recipient: string, purpose: string): Buffer {
  return Buffer.from(`orion-sealed-v1|${recipient}|${purpose}`, 'utf8');
}

function derive(shared: Buffer, ephemeral: Buffer, recipientKey: Buffer, info: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipientKey]), info, KEY_BYTES));
}

export function sealValue(recipient: string, publicKey: KeyObject, purpose: string, value: string): string {
  const { privateKey: ephemeralPrivate, publicKey: ephemeralPublic } = generateKeyPairSync('x25519');
  const ephemeral = rawPublic(ephemeralPublic);
  const shared = diffieHellman({ privateKey: ephemeralPrivate, publicKey });
  const info = context(recipient, purpose);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', derive(shared, ephemeral, rawPublic(publicKey), info), iv);
  cipher.setAAD(info);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const box = Buffer.concat([ephemeral, iv, body, cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${recipient}:${box.toString('base64url')}`;
}

/**
 * A value that is not sealed, is sealed for someone else, or was altered: the sender's fault,
 * so a command answers 400 SEALED_VALUE_INVALID and an event is retried, then dead-lettered.
 */
export class SealedValueError extends DomainError {
  readonly code = 'SEALED_VALUE_INVALID';
  readonly status = HttpStatus.BAD_REQUEST;

  constructor(reason: string) {
    super(`Sealed value cannot be opened: ${reason}`);
  }
}

export function openSealedValue(
  recipient: string,
  privateKey: KeyObject,
  purpose: string,
  sealed: string,
): string {
  const prefix = `${SEALED_PREFIX}${recipient}:`;
  if (!sealed.startsWith(prefix)) throw new SealedValueError(`not sealed for ${recipient}`);
  const box = Buffer.from(sealed.slice(prefix.length), 'base64url');
  if (box.length < KEY_BYTES + IV_BYTES + TAG_BYTES) throw new SealedValueError('too short');
  const ephemeral = box.subarray(0, KEY_BYTES);
  const iv = box.subarray(KEY_BYTES, KEY_BYTES + IV_BYTES);
  const body = box.subarray(KEY_BYTES + IV_BYTES, box.length - TAG_BYTES);
  const tag = box.subarray(box.length - TAG_BYTES);
  const info = context(recipient, purpose);
  try {
    const shared = diffieHellman({
      privateKey,
      publicKey: sealingPublicKey(ephemeral.toString('base64url')),
    });
    const own = rawPublic(createPublicKey(privateKey));
    const decipher = createDecipheriv('aes-256-gcm', derive(shared, ephemeral, own, info), iv);
    decipher.setAAD(info);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedValueError('wrong key, wrong purpose or altered');
  }
}
