import { ConfigurationError } from '@orion/core';
import { loadAuthConfig } from './auth.config';

describe('auth configuration', () => {
  it('has the documented defaults', () => {
    expect(loadAuthConfig({ NODE_ENV: 'test' })).toMatchObject({
      accessTokenTtlS: 600,
      refreshIdleTtlS: 7 * 86400,
      refreshAbsoluteTtlS: 30 * 86400,
      refreshReuseGraceS: 10,
    });
  });

  it('stops production without a key-encryption secret, naming it', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(ConfigurationError);
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_KEY_ENCRYPTION_SECRET/);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', AUTH_KEY_ENCRYPTION_SECRET: 'short' })).toThrow(
      /AUTH_KEY_ENCRYPTION_SECRET: must be at least 32/,
    );
  });

  it('refuses an idle timeout longer than the absolute lifetime', () => {
    expect(() => loadAuthConfig({ REFRESH_IDLE_TTL_S: '7200', REFRESH_ABSOLUTE_TTL_S: '3600' })).toThrow(
      /REFRESH_IDLE_TTL_S/,
    );
  });

  it('refuses access tokens that would outlive the maximum token age every verifier applies', () => {
    expect(() => loadAuthConfig({ ACCESS_TOKEN_TTL_S: '1800', JWT_MAX_TOKEN_AGE_S: '900' })).toThrow(
      /ACCESS_TOKEN_TTL_S: must not exceed JWT_MAX_TOKEN_AGE_S/,
    );
    expect(loadAuthConfig({ ACCESS_TOKEN_TTL_S: '3600' }).accessTokenTtlS).toBe(3600);
  });

  it('refuses an outbox retention as long as the shortest code or reset-link lifetime', () => {
    expect(() => loadAuthConfig({ OUTBOX_RETENTION_S: '300', MFA_CODE_TTL_S: '300' })).toThrow(
      /OUTBOX_RETENTION_S: must be shorter than the shortest secret lifetime/,
    );
    expect(loadAuthConfig({ OUTBOX_RETENTION_S: '299', MFA_CODE_TTL_S: '300' }).twoFactor.codeTtlS).toBe(300);
  });
});
