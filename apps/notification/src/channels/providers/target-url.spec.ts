import type { OutboundConfig } from '../outbound/outbound.config';
import { chatTargetProblem, targetUrlProblem } from './target-url';

const strict: OutboundConfig = {
  allowPrivateNetworks: false,
  allowedCidrs: [],
  allowHttp: false,
  dnsServers: [],
  slackHosts: ['hooks.slack.com'],
  discordHosts: ['discord.com', 'discordapp.com'],
};
const ADDRESS = 'must not point to a private or loopback address';

describe('targetUrlProblem', () => {
  it.each([
    ['https://hooks.example.com/x', undefined],
    ['http://hooks.example.com/x', 'must use https'],
    ['https://127.0.0.1/x', ADDRESS],
    ['https://10.1.2.3/x', ADDRESS],
    ['https://172.20.0.1/x', ADDRESS],
    ['https://192.168.1.1/x', ADDRESS],
    ['https://169.254.169.254/latest', ADDRESS],
    ['https://100.64.0.1/x', ADDRESS],
    ['https://0.0.0.0/x', ADDRESS],
    ['https://[::1]/x', ADDRESS],
    ['https://[::ffff:127.0.0.1]/x', ADDRESS],
    ['https://[::ffff:a9fe:a9fe]/x', ADDRESS],
    ['https://[fd00::1]/x', ADDRESS],
    ['https://[fe80::1]/x', ADDRESS],
    ['https://0x7f.1/x', ADDRESS],
    ['https://2130706433/x', ADDRESS],
    ['https://localhost/x', ADDRESS],
    ['https://api.localhost/x', ADDRESS],
    ['https://metadata.google.internal/x', ADDRESS],
    ['https://172.32.0.1/x', undefined],
    ['https://[::ffff:8.8.8.8]/x', undefined],
    ['https://user:pw@hooks.example.com/x', 'must not carry credentials'],
    ['not a url', 'is not a URL'],
  ])('without allowances %s → %s', (url, problem) => {
    expect(targetUrlProblem(url, strict)).toBe(problem);
  });

  it('allows http only with allowHttp, loopback only with a private allowance, never other schemes', () => {
    const http = { ...strict, allowHttp: true };
    expect(targetUrlProblem('http://hooks.example.com/x', http)).toBeUndefined();
    expect(targetUrlProblem('http://127.0.0.1:8080/hook', http)).toBe(ADDRESS);
    const open = { ...http, allowPrivateNetworks: true };
    expect(targetUrlProblem('http://127.0.0.1:8080/hook', open)).toBeUndefined();
    expect(targetUrlProblem('http://localhost:8080/hook', open)).toBeUndefined();
    expect(targetUrlProblem('ftp://127.0.0.1/hook', open)).toBe('must use https');
    const cidr = { ...http, allowedCidrs: ['127.0.0.2'] };
    expect(targetUrlProblem('http://127.0.0.2:8080/hook', cidr)).toBeUndefined();
    expect(targetUrlProblem('http://127.0.0.1:8080/hook', cidr)).toBe(ADDRESS);
  });
});

describe('chatTargetProblem', () => {
  it.each([
    ['SLACK', 'https://hooks.slack.com/services/T0/B0/x', undefined],
    ['SLACK', 'https://HOOKS.SLACK.COM/services/T0/B0/x', undefined],
    ['SLACK', 'https://hooks.slack.com.evil.example/services/x', 'must be on hooks.slack.com'],
    ['SLACK', 'https://evil.example/hooks.slack.com/services/x', 'must be on hooks.slack.com'],
    ['SLACK', 'https://hooks.slack.com@evil.example/x', 'must not carry credentials'],
    ['SLACK', 'http://hooks.slack.com/services/T0/B0/x', 'must use https'],
    ['DISCORD', 'https://discord.com/api/webhooks/123/tok-en_1', undefined],
    ['DISCORD', 'https://discordapp.com/api/v10/webhooks/123/tok', undefined],
    [
      'DISCORD',
      'https://discord.com/api/users/@me',
      'must be a Discord webhook URL (/api/webhooks/<id>/<token>)',
    ],
    ['DISCORD', 'https://cdn.discord.com/api/webhooks/1/x', 'must be on discord.com or discordapp.com'],
    ['DISCORD', 'https://hooks.slack.com/services/T0/B0/x', 'must be on discord.com or discordapp.com'],
  ] as const)('%s %s → %s', (channel, url, problem) => {
    expect(chatTargetProblem(channel, url, strict)).toBe(problem);
  });
});
