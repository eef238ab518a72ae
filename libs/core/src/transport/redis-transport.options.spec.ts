import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisTransportOptions } from './redis-transport.options';

describe('redisTransportOptions', () => {
  it('takes host, port, database, ACL user and password from REDIS_URL', () => {
    const options = redisTransportOptions({
      url: 'redis://orion-user:p%40ss@redis.internal:6380/2',
      connectTimeoutMs: 1500,
    });
    expect(options).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      db: 2,
      username: 'orion-user',
      password: 'p@ss',
      connectTimeout: 1500,
      tls: undefined,
    });
  });

  it('turns TLS on for rediss:// and trusts the configured CA', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'orion-ca-')), 'ca.pem');
    writeFileSync(ca, 'not really a certificate');
    const options = redisTransportOptions({
      url: 'rediss://:pw@redis.internal',
      connectTimeoutMs: 5000,
      tlsCaFile: ca,
    });
    expect(options.port).toBe(6379);
    expect(options.tls).toMatchObject({ servername: 'redis.internal' });
    expect(String((options.tls as { ca: Buffer }).ca)).toBe('not really a certificate');
  });
});
