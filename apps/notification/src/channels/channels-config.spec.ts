import { ConfigurationError } from '@orion/core';
import { loadChannelsConfig } from './channels-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadChannelsConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('loadChannelsConfig', () => {
  it('leaves out every provider that is not configured', () => {
    const config = loadChannelsConfig({ NODE_ENV: 'test' });
    expect(config.email.relays).toEqual([]);
    expect(config.twilio).toBeUndefined();
    expect(config.vonage).toBeUndefined();
    expect(config.vapid).toBeUndefined();
    expect(config.webhook.allowPrivateTargets).toBe(true);
    expect(config.rateLimits).toEqual({ defaultLimit: { points: 50, durationS: 1 }, perProvider: {} });
  });

  it('orders the primary relay before the secondary and treats empty variables as unset', () => {
    const config = loadChannelsConfig({
      SMTP_HOST: 'mail-a',
      SMTP_SECONDARY_HOST: 'mail-b',
      SMTP_SECONDARY_PORT: '2525',
      SMTP_USER: '',
      TWILIO_ACCOUNT_SID: '',
    });
    expect(config.email.relays.map((r) => [r.name, r.host, r.port, r.user])).toEqual([
      ['smtp-primary', 'mail-a', 587, undefined],
      ['smtp-secondary', 'mail-b', 2525, undefined],
    ]);
    expect(config.twilio).toBeUndefined();
  });

  it('names what is missing from a half-configured provider', () => {
    const problems = problemsOf({ TWILIO_ACCOUNT_SID: 'AC1', VONAGE_API_KEY: 'k', VONAGE_API_SECRET: 's' });
    expect(problems.join('\n')).toContain(
      'TWILIO_AUTH_TOKEN, TWILIO_FROM: required when Twilio is configured',
    );
    expect(problems.join('\n')).toContain('VONAGE_FROM: required when Vonage is configured');
  });

  it('parses per-provider rate limits and rejects malformed ones', () => {
    const config = loadChannelsConfig({
      CHANNEL_RATE_LIMIT: '10/2',
      CHANNEL_RATE_LIMITS: 'twilio=5/1, vonage=30/60',
    });
    expect(config.rateLimits).toEqual({
      defaultLimit: { points: 10, durationS: 2 },
      perProvider: { twilio: { points: 5, durationS: 1 }, vonage: { points: 30, durationS: 60 } },
    });
    expect(problemsOf({ CHANNEL_RATE_LIMITS: 'twilio=fast' }).join('\n')).toContain('CHANNEL_RATE_LIMITS');
    expect(problemsOf({ CHANNEL_RATE_LIMIT: '0/1' }).join('\n')).toContain('CHANNEL_RATE_LIMIT');
  });

  it('requires a webhook encryption key in production and refuses private targets there', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toContain('WEBHOOK_SECRET_ENCRYPTION_KEY');
    const config = loadChannelsConfig({
      NODE_ENV: 'production',
      WEBHOOK_SECRET_ENCRYPTION_KEY: 'k'.repeat(32),
    });
    expect(config.webhook.allowPrivateTargets).toBe(false);
  });

  it('refuses a VAPID subject that is neither mailto: nor https:', () => {
    expect(problemsOf({ VAPID_SUBJECT: 'ops@orion.local' }).join('\n')).toContain('VAPID_SUBJECT');
  });
});
