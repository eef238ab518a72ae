import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v2';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** The purpose whose values were once sealed as `v1.iv.tag.ct` under one purpose-free key. */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-secrets';

function derive(secret: string, salt: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, info, KEY_BYTES));
}

function decrypt(key: Buffer, iv: string, body: string, tag: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

/**
 * Authenticated encryption (AES-256-GCM) for secrets a service must read back, under a key
 * derived from the service secret with HKDF, one key per purpose, so a value sealed for one use
 * cannot be opened as another. Writes `v2.base64url(iv).base64url(tag).base64url(ciphertext)`.
 * Rows written before the versioned form still open: auth's `iv.ct.tag` (salt 'orion-auth',
 * info = purpose) and the webhook secrets' `v1.iv.tag.ct` (one key for that purpose only).
 */
export class SecretBox {
  private readonly key: Buffer;
  private readonly legacyKey: Buffer;
  private readonly webhookKey: Buffer | undefined;

  constructor(secret: string, purpose: string) {
    this.key = derive(secret, 'orion-secret-box', `${VERSION}|${purpose}`);
    this.legacyKey = derive(secret, 'orion-auth', purpose);
    this.webhookKey =
      purpose === WEBHOOK_SECRET_PURPOSE
        ? derive(secret, 'orion-webhook-secrets', 'aes-256-gcm v1')
        : undefined;
  }

  seal(plain: Buffer | string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return [VERSION, ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join('.');
  }

  /** Throws when the value was altered, is malformed, or was sealed under another secret or purpose. */
  open(sealed: string): Buffer {
    const parts = sealed.split('.');
    if (parts.length === 4 && parts[0] === VERSION) return decrypt(this.key, parts[1]!, parts[3]!, parts[2]!);
    if (parts.length === 4 && parts[0] === 'v1' && this.webhookKey) {
      return decrypt(this.webhookKey, parts[1]!, parts[3]!, parts[2]!);
    }
    if (parts.length === 3) return decrypt(this.legacyKey, parts[0]!, parts[1]!, parts[2]!);
    throw new Error('sealed value is malformed');
  }

  openText(sealed: string): string {
    return this.open(sealed).toString('utf8');
  }
}
