import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';

  it('opens what it sealed, with a fresh IV each time', () => {
    const box = new SecretBox(secret, 'signing-keys');
    const sealed = box.seal('private key bytes');
    expect(box.seal('private key bytes')).not.toBe(sealed);
    expect(box.open(sealed).toString()).toBe('private key bytes');
  });

  it('refuses a value sealed for another purpose, under another secret, or altered', () => {
    const sealed = new SecretBox(secret, 'signing-keys').seal('x');
    expect(() => new SecretBox(secret, 'refresh-successor').open(sealed)).toThrow();
    expect(() => new SecretBox(`${secret}!`, 'signing-keys').open(sealed)).toThrow();
    const [iv, body, tag] = sealed.split('.');
    expect(() => new SecretBox(secret, 'signing-keys').open([iv, `${body}A`, tag].join('.'))).toThrow();
  });
});
