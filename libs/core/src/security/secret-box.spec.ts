import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SecretBox, WEBHOOK_SECRET_PURPOSE } from './secret-box';

const secret = 'a-secret-of-at-least-thirty-two-characters';

function encrypt(salt: string, info: string, plain: string): { iv: string; body: string; tag: string } {
  const key = Buffer.from(hkdfSync('sha256', secret, salt, info, 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { iv: iv.toString('base64url'), body: body.toString('base64url'), tag: tag.toString('base64url') };
}

describe('SecretBox', () => {
  it('opens what it sealed, versioned and with a fresh IV each time', () => {
    const box = new SecretBox(secret, 'signing-keys');
    const sealed = box.seal('private key bytes');
    expect(sealed.startsWith('v2.')).toBe(true);
    expect(sealed).not.toContain('private key bytes');
    expect(box.seal('private key bytes')).not.toBe(sealed);
    expect(box.openText(sealed)).toBe('private key bytes');
    expect(box.open(box.seal(Buffer.from([0, 1, 255])))).toEqual(Buffer.from([0, 1, 255]));
  });

  it('refuses a value altered, sealed for another purpose or under another secret', () => {
    const sealed = new SecretBox(secret, 'signing-keys').seal('x');
    const [version, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    const tampered = [version, iv, tag, flipped.toString('base64url')].join('.');
    expect(() => new SecretBox(secret, 'signing-keys').open(tampered)).toThrow();
    expect(() => new SecretBox(secret, 'refresh-successor').open(sealed)).toThrow();
    expect(() => new SecretBox(`${secret}!`, 'signing-keys').open(sealed)).toThrow();
    expect(() => new SecretBox(secret, 'signing-keys').open('not-sealed')).toThrow();
  });

  it("opens auth's unversioned iv.ct.tag rows, only for their purpose", () => {
    const { iv, body, tag } = encrypt('orion-auth', 'totp-secret', 'JBSWY3DPEHPK3PXP');
    const legacy = [iv, body, tag].join('.');
    expect(new SecretBox(secret, 'totp-secret').openText(legacy)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => new SecretBox(secret, 'signing-keys').open(legacy)).toThrow();
  });

  it("opens the webhook secrets' v1.iv.tag.ct rows, only for that purpose", () => {
    const { iv, body, tag } = encrypt('orion-webhook-secrets', 'aes-256-gcm v1', 'whsec_abc');
    const legacy = ['v1', iv, tag, body].join('.');
    expect(new SecretBox(secret, WEBHOOK_SECRET_PURPOSE).openText(legacy)).toBe('whsec_abc');
    expect(() => new SecretBox(secret, 'signing-keys').open(legacy)).toThrow();
    expect(() => new SecretBox(`${secret}!`, WEBHOOK_SECRET_PURPOSE).open(legacy)).toThrow();
  });
});
