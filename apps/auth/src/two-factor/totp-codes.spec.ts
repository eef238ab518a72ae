import { checkTotp, newTotpSecret, totpCodeAt, totpUri } from './totp-codes';

// RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP codes on node:crypto', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC 6238 test vector at T=%d', async (epoch, code) => {
    expect(await totpCodeAt(RFC_SECRET, epoch)).toBe(code);
  });

  it('makes 160-bit base32 secrets and otpauth URIs apps understand', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri('Orion', 'ada@example.com', secret)).toBe(
      `otpauth://totp/Orion:ada%40example.com?secret=${secret}&issuer=Orion`,
    );
  });

  it('accepts one step of drift either way and no more, reporting the step', async () => {
    const secret = newTotpSecret();
    const now = Math.floor(Date.now() / 1000);
    for (const offset of [-1, 1]) {
      const result = await checkTotp(secret, await totpCodeAt(secret, now + offset * 30), 30);
      expect(result).toMatchObject({ valid: true, timeStep: Math.floor((now + offset * 30) / 30) });
    }
    expect((await checkTotp(secret, await totpCodeAt(secret, now + 90), 30)).valid).toBe(false);
    expect((await checkTotp(secret, await totpCodeAt(secret, now - 90), 30)).valid).toBe(false);
  });
});
