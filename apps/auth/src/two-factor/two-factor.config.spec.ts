import { parseTwoFactorConfig } from './two-factor.config';

describe('second-factor configuration', () => {
  it('has development defaults and reads comma-separated origins', () => {
    expect(parseTwoFactorConfig({}).config).toMatchObject({
      challengeTtlS: 300,
      maxAttempts: 5,
      trustedDeviceTtlS: 30 * 86400,
      webauthn: { rpId: 'localhost', origins: ['http://localhost:3000'] },
    });
    const { config } = parseTwoFactorConfig({
      WEBAUTHN_RP_ID: 'orion.example',
      WEBAUTHN_ORIGINS: 'https://orion.example, https://admin.orion.example:8443',
      MFA_CHALLENGE_TTL_S: '',
    });
    expect(config?.webauthn).toEqual({
      rpId: 'orion.example',
      rpName: 'Orion',
      origins: ['https://orion.example', 'https://admin.orion.example:8443'],
    });
    expect(config?.challengeTtlS).toBe(300);
  });

  it('names every bad variable, and requires the relying party in production', () => {
    expect(parseTwoFactorConfig({ NODE_ENV: 'production' }).problems).toEqual([
      'WEBAUTHN_RP_ID is required but not set',
      'WEBAUTHN_ORIGINS is required but not set',
    ]);
    expect(parseTwoFactorConfig({ WEBAUTHN_ORIGINS: 'orion.example/login' }).problems).toEqual([
      'WEBAUTHN_ORIGINS: "orion.example/login" is not an origin (scheme://host[:port])',
    ]);
    expect(parseTwoFactorConfig({ MFA_MAX_ATTEMPTS: '0' }).problems[0]).toMatch(/^MFA_MAX_ATTEMPTS:/);
  });
});
