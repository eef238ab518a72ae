import { parseSignInDefenceConfig } from './sign-in-defence.config';

describe('parseSignInDefenceConfig', () => {
  it('has defaults that respect the NIST limit of 100 consecutive failures', () => {
    const { config, problems } = parseSignInDefenceConfig({});
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      maxConsecutiveFailures: 100,
      lockoutAfterFailures: 10,
      geoipEnabled: true,
      risk: { mfaThreshold: 50, blockThreshold: 90, impossibleTravelKmh: 1000 },
    });
  });

  it('names every bad variable', () => {
    const { config, problems } = parseSignInDefenceConfig({
      SIGN_IN_MAX_CONSECUTIVE_FAILURES: '101',
      GEOIP_ENABLED: 'maybe',
    });
    expect(config).toBeUndefined();
    expect(problems.join('\n')).toMatch(/SIGN_IN_MAX_CONSECUTIVE_FAILURES/);
    expect(problems.join('\n')).toMatch(/GEOIP_ENABLED/);
  });

  it('refuses a block threshold below the MFA threshold and caps below their bases', () => {
    const { problems } = parseSignInDefenceConfig({
      RISK_MFA_THRESHOLD: '80',
      RISK_BLOCK_THRESHOLD: '60',
      SIGN_IN_DELAY_BASE_MS: '1000',
      SIGN_IN_DELAY_MAX_MS: '10',
    });
    expect(problems).toEqual([
      'RISK_BLOCK_THRESHOLD: must not be below RISK_MFA_THRESHOLD',
      'SIGN_IN_DELAY_MAX_MS: must not be below SIGN_IN_DELAY_BASE_MS',
    ]);
  });

  it('counts IPv6 clients per /64 unless RATE_LIMIT_IPV6_PREFIX says otherwise, within 32..128', () => {
    expect(parseSignInDefenceConfig({}).config?.rateLimitIpv6Prefix).toBe(64);
    expect(parseSignInDefenceConfig({ RATE_LIMIT_IPV6_PREFIX: '56' }).config?.rateLimitIpv6Prefix).toBe(56);
    for (const value of ['31', '129', 'wide']) {
      const { config, problems } = parseSignInDefenceConfig({ RATE_LIMIT_IPV6_PREFIX: value });
      expect(config).toBeUndefined();
      expect(problems.join('\n')).toMatch(/RATE_LIMIT_IPV6_PREFIX/);
    }
  });
});
