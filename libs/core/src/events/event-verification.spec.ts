import { developmentSigner, DEVELOPMENT_TRUSTED_KEYS } from '../config/development-keys';
import { parseTrustedKeys } from '../config/transport-keys.config';
import { RedisNamespace } from '../redis/redis-namespace';
import { TrustedKeyring } from '../transport/message-signing';
import {
  decodeStreamEntry,
  encodeStreamEntry,
  eventStreamName,
  signEvent,
  StoredEvent,
} from './event-stream';
import { verifyEvent } from './event-verification';

const keyring = new TrustedKeyring(parseTrustedKeys(DEVELOPMENT_TRUSTED_KEYS));
const event: StoredEvent = {
  id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  name: 'user.registered.v1',
  payload: { userId: '6a1f3c2e-1d2b-4c5a-9e8f-0a1b2c3d4e5f', email: 'ada@example.test', at: new Date(0) },
  meta: { requestId: 'r-1' },
  occurredAt: new Date('2026-01-01T12:00:00.000Z'),
};
const namespace = new RedisNamespace('orion');
const STREAM = eventStreamName(namespace, event.name);
/** Through the stream and back, as a consumer reads it. */
const roundTrip = (stored: StoredEvent) => {
  const decoded = decodeStreamEntry(encodeStreamEntry(stored));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.event;
};

describe('verifying a stream entry', () => {
  it('accepts the producer’s signature after the trip through the outbox and the stream, however old', () => {
    const signed = roundTrip(signEvent(developmentSigner('user'), event));
    expect(signed.meta).toMatchObject({ producer: 'user', kid: 'dev-user', signature: expect.any(String) });
    expect(verifyEvent(STREAM, signed, keyring, namespace)).toBeUndefined();
    // jsonb reorders keys: the signature does not depend on their order.
    const reordered = {
      ...signed,
      payload: Object.fromEntries(Object.entries(signed.payload as object).reverse()),
    };
    expect(verifyEvent(STREAM, reordered, keyring, namespace)).toBeUndefined();
  });

  it('refuses unsigned, tampered, misplaced and misattributed events', () => {
    const signed = roundTrip(signEvent(developmentSigner('user'), event));
    expect(verifyEvent(STREAM, { ...signed, meta: { producer: 'user' } }, keyring, namespace)).toBe(
      'unsigned',
    );
    expect(verifyEvent(STREAM, { ...signed, payload: { userId: 'someone else' } }, keyring, namespace)).toBe(
      'bad signature',
    );
    expect(verifyEvent(STREAM, { ...signed, occurredAt: new Date() }, keyring, namespace)).toBe(
      'bad signature',
    );
    expect(
      verifyEvent(STREAM, { ...signed, meta: { ...signed.meta, producer: 'auth' } }, keyring, namespace),
    ).toBe('user.registered.v1 is announced by user, not auth');
    expect(verifyEvent(eventStreamName(namespace, 'user.session-ended.v1'), signed, keyring, namespace)).toBe(
      'user.registered.v1 does not belong in orion:events:user.session-ended.v1',
    );
    // The notification service's real key cannot speak for the user service.
    const byNotification = roundTrip(signEvent(developmentSigner('notification'), event));
    expect(verifyEvent(STREAM, byNotification, keyring, namespace)).toBe(
      'user.registered.v1 is announced by user, not notification',
    );
  });
});
