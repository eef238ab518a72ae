import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SET_PASSWORD } from '@orion/contracts';
import { developmentSigner, EnvelopeSerializer, MessageSigner, ServiceClient } from '@orion/core';
import { eventually, sealForTest, waitForSubscribers } from '@orion/testing';
import Redis from 'ioredis';
import { createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sealed = (password: string) => sealForTest('user', SET_PASSWORD, 'password', password);

/**
 * What anyone holding a Redis credential could do before commands were signed: publish a
 * set-password command for any account with a plain client, no service key needed.
 */
describe('forged commands to the user service over Redis', () => {
  let service: UserServiceUnderTest;
  let auth: ServiceClient;
  let attacker: Redis;

  const passwordHash = async (userId: string) =>
    (
      await service.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = $1', [
        userId,
      ])
    )[0]?.password_hash ?? null;

  /** A set-password packet as it travels on the wire; `signer` makes it look like a service's. */
  const packet = (userId: string, signer?: MessageSigner, at = new Date()) => {
    // Sealed as a real sender would: the user service's sealing key is public, so anyone can.
    const password = sealForTest('user', SET_PASSWORD, 'password', 'attacker-chosen-passphrase');
    const data = { userId, password, reason: 'reset' };
    const raw = { id: randomUUID(), pattern: SET_PASSWORD.pattern, data };
    return signer ? new EnvelopeSerializer(signer, () => at).serialize(raw) : raw;
  };
  const publish = (message: object) =>
    attacker.publish(service.namespace.commandChannel(SET_PASSWORD.pattern), JSON.stringify(message));
  const passwordSet = (userId: string, what: string) => eventually(() => passwordHash(userId), what);
  /**
   * Commands on one channel are taken in order: once a genuine command published after the others
   * has run, the others have been decided too, and whatever they did is visible.
   */
  const drain = async () => {
    const sentinel = await createUser(service);
    await publish(packet(sentinel.id, developmentSigner('auth')));
    await passwordSet(sentinel.id, 'a genuine command published after the others');
  };

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    auth = await service.client('auth');
    attacker = new Redis(REDIS_URL);
    await waitForSubscribers(attacker, service.namespace.commandChannel(SET_PASSWORD.pattern));
  });

  afterAll(async () => {
    attacker?.disconnect();
    await service?.stop();
  });

  it('does not change a password for an unsigned, tampered, foreign-key, wrong-sender or stale command', async () => {
    const target = await createUser(service);
    const stranger = new MessageSigner({
      producer: 'auth',
      kid: 'dev-auth',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    });
    const genuine = packet(randomUUID(), developmentSigner('auth')) as { data: object };
    const forgeries = [
      // What an attacker with only Redis access publishes.
      packet(target.id),
      // A real auth signature over another account's command, moved onto the target.
      { ...genuine, data: { ...genuine.data, userId: target.id } },
      // Claims to be auth, signed with a key nobody trusts.
      packet(target.id, stranger),
      // Really the notification service, which may not set passwords.
      packet(target.id, developmentSigner('notification')),
      // Really auth, but recorded long ago.
      packet(target.id, developmentSigner('auth'), new Date(Date.now() - 10 * 60_000)),
    ];
    for (const forgery of forgeries) await publish(forgery);
    await drain();
    expect(await passwordHash(target.id)).toBeNull();

    // The same command from the auth service's key goes through: the refusals were the checks.
    await auth.send(SET_PASSWORD, {
      userId: target.id,
      password: sealed('walnut-comet-drizzle'),
      reason: 'reset',
    });
    expect(await passwordHash(target.id)).toMatch(/^\$argon2/);
  });

  it('runs a replayed copy of a genuine command only once', async () => {
    const target = await createUser(service);
    const genuine = packet(target.id, developmentSigner('auth'));
    await publish(genuine);
    const first = await passwordSet(target.id, 'the genuine command');
    expect(first).toMatch(/^\$argon2/);

    await auth.send(SET_PASSWORD, {
      userId: target.id,
      password: sealed('walnut-comet-drizzle'),
      reason: 'reset',
    });
    const second = await passwordHash(target.id);
    // Replayed with a new request id: the signed message id is what is remembered.
    await publish({ ...genuine, id: randomUUID() });
    await drain();
    expect(await passwordHash(target.id)).toBe(second);
    expect(second).not.toBe(first);
  });
});
