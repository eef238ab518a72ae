import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { defineCommand } from '@orion/contracts';
import {
  connectTransport,
  CoreModule,
  createServiceApp,
  DatabaseProbe,
  developmentSigner,
  DEVELOPMENT_TRUSTED_KEYS,
  EnvelopeSerializer,
  HandleCommand,
  loadServiceConfig,
  MessageSigner,
  OrionRedisClient,
  PeerUnavailableError,
  publicKeyBase64,
  RedisNamespace,
  redisTransportOptions,
  ReplyDeserializer,
  ServiceClient,
  ServiceConfig,
  TrustedKeyring,
} from '@orion/core';
import { eventually, freePort, freshNamespace, LogCapture, waitForCommandChannel } from '@orion/testing';
import { IsString, MaxLength } from 'class-validator';
import Redis from 'ioredis';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t${randomBytes(4).toString('hex')}`;
// This suite's own namespace: no other run's transport sees its commands, nor it theirs.
const NAMESPACE = new RedisNamespace(freshNamespace());

class NoteRequest {
  @IsString()
  @MaxLength(60)
  text!: string;
}
const NOTE = defineCommand<NoteRequest, { noted: string }>(`${run}.notes.add.v1`, NoteRequest);
const SILENT = defineCommand<NoteRequest, { noted: string }>(`${run}.notes.silent.v1`, NoteRequest);

const received: string[] = [];

@Controller()
class NoteHandlers {
  @HandleCommand(NOTE)
  add(@Payload() request: NoteRequest): { noted: string } {
    received.push(request.text);
    return { noted: request.text };
  }
}

class NoDatabase extends DatabaseProbe {
  async ping(): Promise<void> {}
}

// The auth service's next key, trusted beside the current one while it rolls out.
const next = generateKeyPairSync('ed25519');
const nextAuth = new MessageSigner({ producer: 'auth', kid: 'auth-next', privateKey: next.privateKey });

describe('forged, tampered, replayed and stale commands and replies on the transport', () => {
  let app: NestFastifyApplication;
  let config: ServiceConfig;
  const logs = new LogCapture();
  let attacker: Redis;
  const proxies: OrionRedisClient[] = [];

  const refusals = (reason: RegExp) =>
    logs.lines().filter((line) => line.msg === 'message refused' && reason.test(String(line.reason)));

  /** A client as the auth service holds it, signing with `signer`. */
  const clientSigningWith = async (signer: MessageSigner): Promise<ServiceClient> => {
    const proxy = new OrionRedisClient(
      {
        ...redisTransportOptions(config.redis),
        serializer: new EnvelopeSerializer(signer),
        deserializer: new ReplyDeserializer('user', new TrustedKeyring(config.transport.trustedKeys), 60_000),
      },
      NAMESPACE,
    );
    await proxy.connect();
    proxies.push(proxy);
    return new ServiceClient('user', proxy, { from: 'auth', timeoutMs: 800, retries: 0 });
  };

  const signedNote = (text: string, at = new Date(), signer = developmentSigner('auth')) =>
    new EnvelopeSerializer(signer, () => at).serialize({
      id: randomUUID(),
      pattern: NOTE.pattern,
      data: { text },
    }) as {
      id: string;
      data: { text: string };
      meta: Record<string, unknown>;
    };
  const publish = (message: object) =>
    attacker.publish(NAMESPACE.commandChannel(NOTE.pattern), JSON.stringify(message));

  beforeAll(async () => {
    const port = await freePort();
    config = loadServiceConfig('user', {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      USER_PORT: String(port),
      USER_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused',
      REDIS_URL,
      REDIS_NAMESPACE: NAMESPACE.name,
      TRANSPORT_TRUSTED_KEYS: `${DEVELOPMENT_TRUSTED_KEYS},auth:auth-next:${publicKeyBase64(next.publicKey)}`,
    });
    @Module({})
    class PeerModule {}
    app = await createServiceApp(
      config,
      {
        module: PeerModule,
        imports: [CoreModule.forService({ config, prisma: NoDatabase, logging: { destination: logs } })],
        controllers: [NoteHandlers],
      },
      { openApi: false },
    );
    await app.listen(port, '127.0.0.1');
    await connectTransport(app, config, {
      senders: { [NOTE.pattern]: ['auth'], [SILENT.pattern]: ['auth'] },
    });
    attacker = new Redis(REDIS_URL);
    await waitForCommandChannel(app, NOTE);
  });

  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    attacker?.disconnect();
    await app?.close();
  });

  it('refuses and logs unsigned, tampered, stale, id-less and replayed commands; the handler never sees them', async () => {
    const genuine = signedNote('genuine');
    const forgeries = [
      { id: randomUUID(), pattern: NOTE.pattern, data: { text: 'unsigned' } },
      { ...signedNote('tampered'), data: { text: 'tampered-after-signing' } },
      signedNote('stale', new Date(Date.now() - 2 * 60_000)),
      signedNote('from-the-future', new Date(Date.now() + 2 * 60_000)),
      // Nest would run a packet without a request id as an event, with no reply.
      { pattern: NOTE.pattern, data: { text: 'id-less' }, meta: signedNote('id-less').meta },
      // Claims to be auth; signed with the notification service's key.
      {
        ...signedNote('impostor', new Date(), developmentSigner('notification')),
        meta: { ...signedNote('x').meta },
      },
    ];
    await publish(genuine);
    for (const forgery of forgeries) await publish(forgery);
    // The genuine command again, under a new request id: a replay.
    await publish({ ...genuine, id: randomUUID() });
    // Every message is either handled or refused with a log line: wait until all are accounted for.
    await eventually(
      () => received.includes('genuine') && refusals(/./).length >= forgeries.length + 1,
      'the genuine command handled and every forgery refused',
    );

    expect(received.filter((text) => text !== 'genuine' && !text.startsWith('key-'))).toEqual([]);
    expect(received.filter((text) => text === 'genuine')).toHaveLength(1);
    expect(refusals(/^unsigned$/)).toHaveLength(1);
    expect(refusals(/^bad signature$/)).toHaveLength(2);
    expect(refusals(/^stale/)).toHaveLength(2);
    expect(refusals(/^no request id$/)).toHaveLength(1);
    expect(refusals(/^replayed message id$/)).toEqual([
      expect.objectContaining({
        pattern: NOTE.pattern,
        claimedFrom: 'auth',
        messageId: genuine.meta.messageId,
      }),
    ]);
  });

  it('accepts the old and the new key of a producer while both are trusted, and no other', async () => {
    const current = await clientSigningWith(developmentSigner('auth'));
    const rotated = await clientSigningWith(nextAuth);
    const unknown = await clientSigningWith(
      new MessageSigner({
        producer: 'auth',
        kid: 'auth-other',
        privateKey: generateKeyPairSync('ed25519').privateKey,
      }),
    );
    expect(await current.send(NOTE, { text: 'key-current' })).toEqual({ noted: 'key-current' });
    expect(await rotated.send(NOTE, { text: 'key-next' })).toEqual({ noted: 'key-next' });
    await expect(unknown.send(NOTE, { text: 'key-unknown' })).rejects.toBeInstanceOf(PeerUnavailableError);
    expect(received).not.toContain('key-unknown');
    expect(refusals(/no trusted key auth-other for producer auth/)).toHaveLength(1);
  });

  it('answers an authentic sender that may not send the command with 403, without running it', async () => {
    const notification = await clientSigningWith(developmentSigner('notification'));
    await expect(notification.send(NOTE, { text: 'not-allowed' })).rejects.toMatchObject({
      code: 'COMMAND_SENDER_NOT_ALLOWED',
      status: 403,
    });
    expect(received).not.toContain('not-allowed');
    expect(refusals(/notification may not send/)).toHaveLength(1);
  });

  it('ignores a forged reply: the caller never takes an answer the peer did not sign', async () => {
    // Nobody handles SILENT; the attacker answers every request on it at once.
    const listener = new Redis(REDIS_URL);
    await listener.subscribe(NAMESPACE.commandChannel(SILENT.pattern));
    listener.on('message', (_channel: string, message: string) => {
      const { id } = JSON.parse(message) as { id: string };
      void attacker.publish(
        NAMESPACE.replyChannel(SILENT.pattern),
        JSON.stringify({ id, response: { noted: 'forged' }, isDisposed: true }),
      );
    });
    try {
      const caller = await clientSigningWith(developmentSigner('auth'));
      await expect(caller.send(SILENT, { text: 'anyone?' })).rejects.toBeInstanceOf(PeerUnavailableError);
    } finally {
      listener.disconnect();
    }
  });
});
