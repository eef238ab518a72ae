import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  decodeCursor,
  encodeCursor,
  ID_CURSOR,
  InvalidCursorError,
  keyCursor,
  NEWEST_FIRST_CURSOR,
  PageQueryDto,
  toPage,
} from './pagination';

const ID = '5f8d0d55-8b1e-4d7a-9c55-0f3f1c7a2b10';
const isString = (payload: unknown) => (typeof payload === 'string' ? payload : undefined);

describe('cursors', () => {
  it('round-trips a typed payload', () => {
    const position = { createdAt: new Date('2026-01-05T09:00:00.000Z'), id: ID };
    expect(NEWEST_FIRST_CURSOR.decode(NEWEST_FIRST_CURSOR.encode(position))).toEqual(position);
    expect(ID_CURSOR.decode(ID_CURSOR.encode(ID))).toBe(ID);
    expect(decodeCursor(encodeCursor('users:read'), isString)).toBe('users:read');
  });

  it('treats no cursor as the first page', () => {
    expect(NEWEST_FIRST_CURSOR.decode(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['not base64url', '%%%'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['padded', `${encodeCursor('users:read')}=`],
    ['altered', `${encodeCursor('users:read').slice(0, -1)}A`],
  ])('refuses a cursor that is %s', (_, cursor) => {
    expect(() => decodeCursor(cursor, isString)).toThrow(InvalidCursorError);
  });

  it('refuses a well-formed cursor whose payload the list never issues', () => {
    expect(() => NEWEST_FIRST_CURSOR.decode(encodeCursor(['2026-01-05T09:00:00Z', 'not-a-uuid']))).toThrow(
      InvalidCursorError,
    );
    expect(() => NEWEST_FIRST_CURSOR.decode(encodeCursor(['yesterday', ID]))).toThrow(InvalidCursorError);
    expect(() => ID_CURSOR.decode(encodeCursor({ id: ID }))).toThrow(InvalidCursorError);
    expect(() => keyCursor((key) => key !== '').decode(encodeCursor(''))).toThrow(InvalidCursorError);
  });

  it('answers 400 INVALID_CURSOR naming the field', () => {
    const error = new InvalidCursorError();
    expect([error.status, error.code, error.extensions.field]).toEqual([400, 'INVALID_CURSOR', 'cursor']);
  });
});

describe('toPage', () => {
  it('cuts limit + 1 rows to a page and points past its last item', () => {
    expect(toPage(['a', 'b', 'c'], 2, (last) => `after:${last}`)).toEqual({
      items: ['a', 'b'],
      nextCursor: 'after:b',
    });
    expect(toPage(['a', 'b'], 2, (last) => `after:${last}`)).toEqual({ items: ['a', 'b'], nextCursor: null });
  });
});

describe('PageQueryDto', () => {
  const check = (query: Record<string, string>) => {
    const dto = plainToInstance(PageQueryDto, query);
    return { dto, invalid: validateSync(dto).map((error) => error.property) };
  };

  it('defaults limit to 20', () => {
    expect(check({})).toEqual({ dto: expect.objectContaining({ limit: 20 }), invalid: [] });
  });

  it.each([['0'], ['101'], ['2.5'], ['ten']])('refuses limit=%s', (limit) => {
    expect(check({ limit }).invalid).toEqual(['limit']);
  });

  it('refuses a cursor longer than any list hands out', () => {
    expect(check({ cursor: 'a'.repeat(257) }).invalid).toEqual(['cursor']);
    expect(check({ cursor: 'a'.repeat(256), limit: '100' }).invalid).toEqual([]);
  });
});
