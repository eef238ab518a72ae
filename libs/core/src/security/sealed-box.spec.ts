import {
  generateSealingKeyPair,
  openSealedValue,
  publicKeyOf,
  SealedValueError,
  sealingPrivateKey,
  sealingPublicKey,
  sealValue,
} from './sealed-box';

describe('sealed box', () => {
  const pair = generateSealingKeyPair();
  const privateKey = sealingPrivateKey(pair.privateKey);
  const publicKey = sealingPublicKey(pair.publicKey);
  const purpose = 'auth.password-reset-requested.v1#resetUrl';
  const secret = 'https://app.example/reset?token=abc';

  it('opens what was sealed for the recipient, and never shows the value', () => {
    const sealed = sealValue('notification', publicKey, purpose, secret);
    expect(sealed).toMatch(/^sealed:v1:notification:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('abc');
    expect(openSealedValue('notification', privateKey, purpose, sealed)).toBe(secret);
    // A fresh ephemeral key each time: equal secrets do not look alike.
    expect(sealValue('notification', publicKey, purpose, secret)).not.toBe(sealed);
    expect(publicKeyOf(privateKey)).toBe(pair.publicKey);
  });

  it('refuses another key, another purpose, another recipient and any altered byte', () => {
    const sealed = sealValue('notification', publicKey, purpose, secret);
    const other = sealingPrivateKey(generateSealingKeyPair().privateKey);
    expect(() => openSealedValue('notification', other, purpose, sealed)).toThrow(SealedValueError);
    expect(() => openSealedValue('notification', privateKey, 'other#field', sealed)).toThrow(
      SealedValueError,
    );
    expect(() => openSealedValue('user', privateKey, purpose, sealed)).toThrow(/not sealed for user/);
    const body = sealed.slice(-10);
    const flipped = sealed.slice(0, -10) + (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    expect(() => openSealedValue('notification', privateKey, purpose, flipped)).toThrow(SealedValueError);
    expect(() => openSealedValue('notification', privateKey, purpose, secret)).toThrow(SealedValueError);
  });
});
