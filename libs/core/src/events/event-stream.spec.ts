import {
  decodeStreamEntry,
  encodeStreamEntry,
  eventStreamName,
  requestIdOf,
  StoredEvent,
} from './event-stream';
import { RedisNamespace } from '../redis/redis-namespace';

const event: StoredEvent = {
  id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  name: 'user.registered.v1',
  payload: { userId: '6a1f3c2e-1d2b-4c5a-9e8f-0a1b2c3d4e5f', email: 'ada@example.test' },
  meta: { requestId: 'r-1', producer: 'user' },
  occurredAt: new Date('2026-01-01T12:00:00.000Z'),
};

describe('stream entries', () => {
  it('names one stream per event, inside the installation’s namespace', () => {
    expect(eventStreamName(new RedisNamespace('orion'), 'user.registered.v1')).toBe(
      'orion:events:user.registered.v1',
    );
    expect(eventStreamName(new RedisNamespace('staging'), 'user.registered.v1')).toBe(
      'staging:events:user.registered.v1',
    );
  });

  it('decodes what it encodes', () => {
    expect(decodeStreamEntry(encodeStreamEntry(event))).toEqual({ ok: true, event });
  });

  it('reports a malformed entry instead of throwing', () => {
    const fields = encodeStreamEntry(event);
    expect(decodeStreamEntry(fields.map((v) => (v === event.id ? 'nope' : v)))).toMatchObject({ ok: false });
    const broken = [...fields];
    broken[5] = '{not json';
    expect(decodeStreamEntry(broken)).toEqual({ ok: false, reason: 'payload or meta is not JSON' });
  });

  it('keeps a safe request id and replaces an unsafe one', () => {
    expect(requestIdOf({ requestId: 'r-1' })).toBe('r-1');
    expect(requestIdOf({ requestId: 'bad id\n{"level":60}' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});
