import { KeyedHash } from './keyed-hash';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('keyed hashes of short secrets', () => {
  it('depends on the server secret and the purpose, and compares in constant time', () => {
    const codes = new KeyedHash(SECRET, 'backup-codes');
    const digest = codes.digest('k3mzq7hx2p');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(codes.matches('k3mzq7hx2p', digest)).toBe(true);
    expect(codes.matches('k3mzq7hx2q', digest)).toBe(false);
    expect(codes.matches('k3mzq7hx2p', null)).toBe(false);
    expect(codes.matches('k3mzq7hx2p', 'abcd')).toBe(false);
    expect(new KeyedHash(SECRET, 'one-time-codes').digest('k3mzq7hx2p')).not.toBe(digest);
    expect(new KeyedHash(`${SECRET}!`, 'backup-codes').digest('k3mzq7hx2p')).not.toBe(digest);
  });
});
