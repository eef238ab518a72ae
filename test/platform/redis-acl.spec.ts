import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SET_PASSWORD, VERIFY_CREDENTIALS } from '@orion/contracts';
import { DEVELOPMENT_REDIS_PASSWORDS } from '@orion/core';
import { DEFAULT_NAMESPACE, freePort } from '@orion/testing';
import Redis from 'ioredis';
import { parse } from 'yaml';
import { renderAclFile } from '../../scripts/redis/redis-acl';

/**
 * The Redis ACL the stack runs with, loaded into a redis-server of this test's own (never the
 * shared one): each service's credentials reach only what that service needs.
 */

const root = join(__dirname, '..', '..');
const ACL_FILE = 'docker/redis/users.acl';

interface ComposeService {
  command?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
}

function composeRedis(): ComposeService {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return compose.services.redis!;
}

/** The host file compose mounts where its redis-server reads --aclfile. */
function composeAclFile(): string {
  const redis = composeRedis();
  const command = redis.command ?? [];
  const target = command[command.indexOf('--aclfile') + 1];
  const mounts = (redis.volumes ?? []).map((volume) => /^(.*):(\/[^:]+)(:ro)?$/.exec(volume));
  const source = mounts.find((match) => match?.[2] === target)?.[1] ?? '';
  // `${REDIS_ACL_FILE:-./docker/redis/users.acl}` when nothing is set.
  return source.replace(/^\$\{REDIS_ACL_FILE:-(.*)\}$/, '$1').replace(/^\.\//, '');
}

describe('the Redis ACL of docker-compose.yml', () => {
  let server: ChildProcess;
  let port: number;
  const clients: Redis[] = [];

  const connectAs = async (user: 'auth' | 'user' | 'notification'): Promise<Redis> => {
    const client = new Redis({
      host: '127.0.0.1',
      port,
      username: `orion-${user}`,
      password: DEVELOPMENT_REDIS_PASSWORDS[user],
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    clients.push(client);
    await client.connect();
    return client;
  };
  const refusal = (command: Promise<unknown>) =>
    command.then(
      () => 'allowed',
      (error: Error) => error.message.split(' ')[0],
    );

  beforeAll(async () => {
    port = await freePort();
    server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--aclfile',
        join(root, composeAclFile()),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
      server.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    server?.kill('SIGTERM');
  });

  it('loads the committed ACL file, which is what the generator writes from the command senders', () => {
    expect(composeAclFile()).toBe(ACL_FILE);
    expect(readFileSync(join(root, ACL_FILE), 'utf8')).toBe(renderAclFile(DEVELOPMENT_REDIS_PASSWORDS));
  });

  it('keeps the default user off: no password, no access', async () => {
    const anonymous = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 });
    clients.push(anonymous);
    await anonymous.connect().catch(() => undefined);
    expect(await refusal(anonymous.set('orion:user:x', '1'))).toMatch(/NOAUTH|NOPERM/);
  });

  it("refuses the notification service's credentials anything of the user and auth services", async () => {
    const notification = await connectAs('notification');
    // The user service's permission cache, a user command, a user event, a revocation.
    expect(await refusal(notification.set('orion:user:perm-cache:u1:users%3Aread:GLOBAL:', 'x'))).toBe(
      'NOPERM',
    );
    expect(
      await refusal(notification.publish(DEFAULT_NAMESPACE.commandChannel(SET_PASSWORD.pattern), '{}')),
    ).toBe('NOPERM');
    expect(
      await refusal(notification.publish(DEFAULT_NAMESPACE.commandChannel(VERIFY_CREDENTIALS.pattern), '{}')),
    ).toBe('NOPERM');
    expect(await refusal(notification.xadd('orion:events:user.registered.v1', '*', 'id', 'x'))).toBe(
      'NOPERM',
    );
    expect(await refusal(notification.del('orion:revoked-token:t1'))).toBe('NOPERM');
    expect(await refusal(notification.incr('orion:perm-version:global'))).toBe('NOPERM');
    expect(await refusal(notification.set('orion:auth:rate:x', '1'))).toBe('NOPERM');
    expect(await refusal(notification.keys('*'))).toBe('NOPERM');
    expect(await refusal(notification.flushall())).toBe('NOPERM');

    // What it needs still works: its own keys, its commands, reading revocations, consuming events.
    expect(await notification.set('orion:notification:perm-cache:x', '1')).toBe('OK');
    expect(await notification.publish(DEFAULT_NAMESPACE.commandChannel('user.contacts.get.v1'), '{}')).toBe(
      0,
    );
    expect(await notification.get('orion:revoked-token:t1')).toBeNull();
    expect(
      await notification.xgroup('CREATE', 'orion:events:user.registered.v1', 'notification', '0', 'MKSTREAM'),
    ).toBe('OK');
    expect(
      await notification.xreadgroup(
        'GROUP',
        'notification',
        'c1',
        'COUNT',
        1,
        'STREAMS',
        'orion:events:user.registered.v1',
        '>',
      ),
    ).toBeNull();
  });

  it('lets only the user service answer user commands and only auth send a password change', async () => {
    const [auth, user] = [await connectAs('auth'), await connectAs('user')];
    expect(await auth.publish(DEFAULT_NAMESPACE.commandChannel(SET_PASSWORD.pattern), '{}')).toBe(0);
    expect(await user.publish(DEFAULT_NAMESPACE.replyChannel(SET_PASSWORD.pattern), '{}')).toBe(0);
    expect(await refusal(user.set('orion:auth:mfa-challenge:x', '1'))).toBe('NOPERM');
    expect(await refusal(auth.set('orion:user:perm-cache:x', '1'))).toBe('NOPERM');
    expect(await refusal(auth.incr('orion:perm-version:global'))).toBe('NOPERM');
    expect(await user.incr('orion:perm-version:global')).toBe(1);
    expect(await auth.set('orion:revoked-token:t1', '1')).toBe('OK');
    expect(await refusal(user.del('orion:revoked-token:t1'))).toBe('NOPERM');
  });
});
