import { Resolver } from 'node:dns/promises';
import { DnsStub } from './dns-stub';

describe('DnsStub', () => {
  let stub: DnsStub;
  let resolver: Resolver;

  beforeAll(async () => {
    stub = await DnsStub.start({
      'hooks.partner.test': { A: ['127.0.0.1', '10.0.0.5'], AAAA: ['::1', 'fd00::5'] },
    });
    resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([stub.server]);
  });

  afterAll(() => stub.stop());

  it('answers A and AAAA queries through an ordinary resolver, NXDOMAIN for unknown names', async () => {
    expect(await resolver.resolve4('hooks.partner.test')).toEqual(['127.0.0.1', '10.0.0.5']);
    expect(await resolver.resolve6('HOOKS.partner.test')).toEqual(['::1', 'fd00::5']);
    await expect(resolver.resolve4('other.partner.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(stub.queries()).toEqual(['hooks.partner.test', 'hooks.partner.test', 'other.partner.test']);
  });

  it('changes its answers when told, as a rebinding name would', async () => {
    stub.set('hooks.partner.test', { A: ['169.254.169.254'] });
    expect(await resolver.resolve4('hooks.partner.test')).toEqual(['169.254.169.254']);
    await expect(resolver.resolve6('hooks.partner.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });
});
