import { generateKeyPairSync } from 'node:crypto';
import { developmentSigner } from '../config/development-keys';
import { runInRequestContext } from '../context/request-context';
import { checkCommand, EnvelopeCheckOptions } from './envelope-verification';
import { EnvelopeSerializer, OutgoingMessage, readMeta } from './message-envelope';
import { MessageSigner, publicKeyBase64, parsePublicKey, TrustedKeyring } from './message-signing';

const meta = { requestId: 'req-1', from: 'auth', attempt: 2, sentAt: '2026-01-01T00:00:00.000Z' };
const PATTERN = 'user.credentials.set-password.v1';
const NOW = Date.parse('2026-01-01T00:00:10.000Z');

const auth = developmentSigner('auth');
const keyring = new TrustedKeyring([
  { producer: 'auth', kid: auth.kid, publicKey: parsePublicKey(publicKeyBase64(auth.key.privateKey)) },
]);
const options = (extra: Partial<EnvelopeCheckOptions> = {}): EnvelopeCheckOptions => ({
  keyring,
  senders: { [PATTERN]: ['auth'], 'user.x.y.v1': ['auth'] },
  maxSkewMs: 60_000,
  now: () => NOW,
  ...extra,
});
const wire = (packet: object) => JSON.parse(JSON.stringify(packet)) as Record<string, unknown>;

describe('the message envelope', () => {
  const serializer = new EnvelopeSerializer(auth, () => new Date(NOW));

  it('keeps the payload in data and the signed metadata beside it', () => {
    const packet = serializer.serialize({
      id: 'm1',
      pattern: 'user.x.y.v1',
      data: new OutgoingMessage({ a: 1 }, meta),
    });
    expect(packet).toEqual({
      id: 'm1',
      pattern: 'user.x.y.v1',
      data: { a: 1 },
      meta: { ...meta, messageId: expect.any(String), kid: 'dev-auth', signature: expect.any(String) },
    });
    expect(
      checkCommand('user.x.y.v1', wire(packet), options({ now: () => Date.parse(meta.sentAt) })),
    ).toMatchObject({
      ok: true,
    });
  });

  it('tags a message sent through the raw proxy with the current request id', () => {
    const packet = runInRequestContext('req-9', () =>
      serializer.serialize({ pattern: 'user.x.y.v1', data: { a: 1 } }),
    );
    expect(packet).toMatchObject({ data: { a: 1 }, meta: { requestId: 'req-9', from: 'auth', attempt: 1 } });
  });

  it('reads metadata defensively: a missing or unsafe request id is replaced', () => {
    expect(readMeta({ meta })).toEqual(meta);
    expect(readMeta({ meta: { requestId: 'bad id\n{"level":60}' } }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(readMeta('not json').requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(readMeta({ meta: { from: 'Robert"); DROP' } }).from).toBe('unknown');
  });
});

describe('checking a received command', () => {
  const signed = (signer: MessageSigner = auth, payload: object = { userId: 'u1', password: 'pw' }) =>
    wire(
      new EnvelopeSerializer(signer, () => new Date(NOW)).serialize({
        id: 'r1',
        pattern: PATTERN,
        data: payload,
      }),
    );

  it('accepts a signed, fresh command from an allowed producer, whatever the key order', () => {
    const packet = signed();
    const reordered = { ...packet, data: { password: 'pw', userId: 'u1' } };
    expect(checkCommand(PATTERN, reordered, options())).toMatchObject({ ok: true });
  });

  it('refuses unsigned, tampered, re-addressed, stale and future messages', () => {
    const packet = signed();
    const reasonOf = (candidate: unknown, pattern = PATTERN, extra = {}) => {
      const check = checkCommand(pattern, candidate, options(extra));
      return check.ok ? 'accepted' : check.reason;
    };
    expect(reasonOf({ id: 'r1', data: { userId: 'u1' } })).toBe('unsigned');
    expect(reasonOf({ ...packet, data: { userId: 'u2', password: 'pw' } })).toBe('bad signature');
    expect(reasonOf({ ...packet, meta: { ...(packet.meta as object), attempt: 3 } })).toBe('bad signature');
    expect(reasonOf(packet, 'user.credentials.verify.v1')).toBe('bad signature');
    expect(reasonOf(packet, PATTERN, { now: () => NOW + 61_000 })).toMatch(/^stale/);
    expect(reasonOf(packet, PATTERN, { now: () => NOW - 61_000 })).toMatch(/^stale/);
  });

  it('refuses a key it does not trust, and a producer not allowed to send the pattern', () => {
    const stranger = new MessageSigner({
      producer: 'auth',
      kid: 'dev-auth',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    });
    expect(checkCommand(PATTERN, signed(stranger), options())).toMatchObject({
      ok: false,
      reason: 'bad signature',
    });
    const notification = developmentSigner('notification');
    const trusted = new TrustedKeyring([
      ...[auth, notification].map((s) => ({
        producer: s.producer,
        kid: s.kid,
        publicKey: parsePublicKey(publicKeyBase64(s.key.privateKey)),
      })),
    ]);
    expect(checkCommand(PATTERN, signed(notification), options({ keyring: trusted }))).toEqual(
      expect.objectContaining({ ok: false, authentic: true, reason: 'notification may not send ' + PATTERN }),
    );
  });

  it('accepts the old and the new key of a producer while both are trusted (rotation)', () => {
    const next = generateKeyPairSync('ed25519');
    const rotated = new MessageSigner({ producer: 'auth', kid: 'auth-2', privateKey: next.privateKey });
    const both = new TrustedKeyring([
      { producer: 'auth', kid: auth.kid, publicKey: parsePublicKey(publicKeyBase64(auth.key.privateKey)) },
      { producer: 'auth', kid: 'auth-2', publicKey: next.publicKey },
    ]);
    expect(checkCommand(PATTERN, signed(auth), options({ keyring: both }))).toMatchObject({ ok: true });
    expect(checkCommand(PATTERN, signed(rotated), options({ keyring: both }))).toMatchObject({ ok: true });
    expect(checkCommand(PATTERN, signed(rotated), options())).toMatchObject({ ok: false });
  });
});
