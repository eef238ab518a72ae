import { parseAccountConfig } from './account.config';

describe('account configuration', () => {
  it('has working defaults', () => {
    const { config } = parseAccountConfig({});
    expect(config).toMatchObject({
      passwordReset: { ttlS: 1800, url: 'http://localhost:3000/reset-password' },
      social: { providers: [], stateTtlS: 600 },
      cleanup: { intervalS: 3600, loginAttemptRetentionDays: 90 },
    });
  });

  it('reads providers from JSON and never echoes a bad value, which may hold a secret', () => {
    const good = parseAccountConfig({
      OIDC_PROVIDERS: JSON.stringify([
        { id: 'google', issuer: 'https://accounts.google.com', clientId: 'id', clientSecret: 's' },
      ]),
    });
    expect(good.config?.social.providers).toEqual([
      {
        id: 'google',
        issuer: 'https://accounts.google.com',
        clientId: 'id',
        clientSecret: 's',
        scopes: 'openid email profile',
      },
    ]);
    const bad = parseAccountConfig({
      OIDC_PROVIDERS: JSON.stringify([
        { id: 'Google!', issuer: 'nope', clientId: 'id', clientSecret: 'hunter2' },
      ]),
    });
    expect(bad.config).toBeNull();
    expect(bad.problems.join('\n')).toMatch(/OIDC_PROVIDERS\.0\.id/);
    expect(bad.problems.join('\n')).toMatch(/OIDC_PROVIDERS\.0\.issuer/);
    expect(bad.problems.join('\n')).not.toContain('hunter2');
    expect(parseAccountConfig({ OIDC_PROVIDERS: '{' }).problems).toEqual([
      'OIDC_PROVIDERS: must be a JSON array',
    ]);
  });

  it('refuses duplicate provider ids, malformed redirect URIs and out-of-range numbers', () => {
    const entry = { id: 'a', issuer: 'https://a.example', clientId: 'id' };
    expect(parseAccountConfig({ OIDC_PROVIDERS: JSON.stringify([entry, entry]) }).problems).toEqual([
      'OIDC_PROVIDERS: provider id "a" appears twice',
    ]);
    expect(parseAccountConfig({ OIDC_REDIRECT_URIS: 'not a url' }).problems[0]).toMatch(/OIDC_REDIRECT_URIS/);
    expect(parseAccountConfig({ PASSWORD_RESET_TTL_S: '5' }).problems[0]).toMatch(/PASSWORD_RESET_TTL_S/);
    expect(parseAccountConfig({ CLEANUP_INTERVAL_S: '0' }).config?.cleanup.intervalS).toBe(0);
  });
});
