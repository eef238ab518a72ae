import { runInRequestContext } from '../context/request-context';
import { EnvelopeSerializer, OutgoingMessage, readMeta } from './message-envelope';

const meta = { requestId: 'req-1', from: 'auth', attempt: 2, sentAt: '2026-01-01T00:00:00.000Z' };

describe('the message envelope', () => {
  const serializer = new EnvelopeSerializer('auth');

  it('keeps the payload in data and the metadata beside it', () => {
    const packet = serializer.serialize({
      id: 'm1',
      pattern: 'user.x.y.v1',
      data: new OutgoingMessage({ a: 1 }, meta),
    });
    expect(packet).toEqual({ id: 'm1', pattern: 'user.x.y.v1', data: { a: 1 }, meta });
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
