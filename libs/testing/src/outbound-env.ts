/**
 * The notification service's explicit allowance to deliver to the sinks tests run on loopback
 * (webhook receivers, Slack and Discord stand-ins, push services). Outside tests the service
 * refuses loopback and private targets, plain http, and chat hosts other than Slack's and
 * Discord's; production refuses to start with any of these set.
 */
export const LOOPBACK_SINKS_ENV: Readonly<Record<string, string>> = {
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
  OUTBOUND_ALLOW_HTTP: 'true',
  SLACK_WEBHOOK_HOSTS: 'hooks.slack.com,127.0.0.1',
  DISCORD_WEBHOOK_HOSTS: 'discord.com,discordapp.com,127.0.0.1',
};

/** Laid over LOOPBACK_SINKS_ENV by a test that must run without the allowance. */
export const NO_OUTBOUND_ALLOWANCE_ENV: Readonly<Record<string, string>> = {
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: '',
  OUTBOUND_ALLOW_HTTP: '',
  SLACK_WEBHOOK_HOSTS: '',
  DISCORD_WEBHOOK_HOSTS: '',
};
