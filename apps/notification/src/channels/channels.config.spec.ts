import { ConfigurationError } from '@orion/core';
import { loadChannelsConfig } from './channels.config';

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
    expect(config.outbound).toEqual({
      allowPrivateNetworks: false,
      allowedCidrs: [],
      allowHttp: false,
      dnsServers: [],
      slackHosts: ['hooks.slack.com'],
      discordHosts: ['discord.com', 'discordapp.com'],
    });
    expect(config.rateLimits).toEqual({ defaultLimit: { points: 50, durationS: 1 }, perProvider: {} });
  });

  it('turns the development outbox on only in development, and only with an SMTP relay to send to', () => {
    const outbox = (env: NodeJS.ProcessEnv) => loadChannelsConfig(env).devOutbox;
    expect(outbox({ NODE_ENV: 'development', SMTP_HOST: '127.0.0.1' })).toBe(true);
    expect(outbox({ NODE_ENV: 'development' })).toBe(false);
    expect(outbox({ NODE_ENV: 'test', SMTP_HOST: '127.0.0.1' })).toBe(false);
    expect(
      outbox({
        NODE_ENV: 'production',
        SMTP_HOST: '127.0.0.1',
        WEBHOOK_SECRET_ENCRYPTION_KEY: 'a-production-key-of-at-least-32-characters',
      }),
    ).toBe(false);
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

  it('requires a webhook encryption key in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toContain('WEBHOOK_SECRET_ENCRYPTION_KEY');
  });

  it('refuses to boot in production with any private-target, CIDR or http allowance', () => {
    const production = { NODE_ENV: 'production', WEBHOOK_SECRET_ENCRYPTION_KEY: 'k'.repeat(32) };
    expect(loadChannelsConfig(production).outbound.allowPrivateNetworks).toBe(false);
    const problems = problemsOf({
      ...production,
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
      OUTBOUND_ALLOWED_CIDRS: '10.0.0.0/8',
      OUTBOUND_ALLOW_HTTP: 'true',
    });
    expect(problems.slice(1)).toEqual([
      '  - OUTBOUND_ALLOW_PRIVATE_NETWORKS: must not be true in production',
      '  - OUTBOUND_ALLOWED_CIDRS: must be empty in production',
      '  - OUTBOUND_ALLOW_HTTP: must not be true in production',
    ]);
  });

  it('takes the allowances outside production only when set explicitly, and validates them', () => {
    const config = loadChannelsConfig({
      NODE_ENV: 'test',
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
      OUTBOUND_ALLOWED_CIDRS: '127.0.0.2, fd00::/8',
      OUTBOUND_DNS_SERVERS: '127.0.0.1:5353',
      SLACK_WEBHOOK_HOSTS: 'hooks.slack.com,127.0.0.1',
    });
    expect(config.outbound).toMatchObject({
      allowPrivateNetworks: true,
      allowedCidrs: ['127.0.0.2', 'fd00::/8'],
      dnsServers: ['127.0.0.1:5353'],
      slackHosts: ['hooks.slack.com', '127.0.0.1'],
    });
    const problems = problemsOf({
      OUTBOUND_ALLOWED_CIDRS: 'intranet',
      OUTBOUND_DNS_SERVERS: 'dns.example',
      DISCORD_WEBHOOK_HOSTS: 'discord.com/api',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    }).join('\n');
    expect(problems).toContain('OUTBOUND_ALLOWED_CIDRS: "intranet" is not an address or CIDR');
    expect(problems).toContain('OUTBOUND_DNS_SERVERS');
    expect(problems).toContain('DISCORD_WEBHOOK_HOSTS: "discord.com/api" is not a host name');
    expect(problems).toContain('WEBHOOK_ALLOW_PRIVATE_TARGETS: replaced by OUTBOUND_ALLOW_PRIVATE_NETWORKS');
    // The old "false" asked for what is now the default: harmless, so accepted.
    expect(loadChannelsConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }).outbound.allowPrivateNetworks).toBe(
      false,
    );
  });

  it('refuses a VAPID subject that is neither mailto: nor https:', () => {
    expect(problemsOf({ VAPID_SUBJECT: 'ops@orion.local' }).join('\n')).toContain('VAPID_SUBJECT');
  });
});
