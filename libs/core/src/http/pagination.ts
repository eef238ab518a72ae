import { HttpStatus, Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Room for every cursor a list hands out (the longest, a permission name, is about 205). */
export const MAX_CURSOR_LENGTH = 256;

/** `?limit=&cursor=` of every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({
    description: 'nextCursor of the previous page; opaque.',
    example: 'WyIyMDI2LTAxLTA1VDA5OjAwOjAwLjAwMFoiLCI1ZjhkIl0',
    maxLength: MAX_CURSOR_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** The OpenAPI schema of a page of `Item`: `export class RolePageDto extends PageOf(RoleDto) {}`. */
export function PageOf<Item>(item: Class<Item>) {
  abstract class PageOfItems implements Page<Item> {
    @ApiProperty({ type: [item] })
    items!: Item[];

    @ApiProperty({
      type: String,
      nullable: true,
      example: null,
      description: 'Pass as ?cursor= for the next page; null on the last page.',
    })
    nextCursor!: string | null;
  }
  return PageOfItems;
}

/** A cursor that the list did not hand out: malformed, altered or from another list. */
export class InvalidCursorError extends DomainError {
  readonly code = 'INVALID_CURSOR';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('The cursor is not one this list handed out; start again without it.');
    this.extensions.field = 'cursor';
  }
}

/** What a cursor may carry: JSON, so a list chooses the shape of its position. */
export type CursorPayload =
  string | number | boolean | null | CursorPayload[] | { [key: string]: CursorPayload };

/** Checks a decoded payload: the typed position, or undefined for one the list never issues. */
export type CursorReader<P> = (payload: unknown) => P | undefined;

/** Opaque to clients: base64url of the JSON payload. */
export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The payload of a cursor that `encodeCursor` made and `read` accepts; else INVALID_CURSOR. */
export function decodeCursor<P>(cursor: string, read: CursorReader<P>): P {
  const json = Buffer.from(cursor, 'base64url').toString('utf8');
  // Only the exact text encodeCursor writes: stray characters, padding or altered bytes fail here.
  if (json === '' || Buffer.from(json, 'utf8').toString('base64url') !== cursor)
    throw new InvalidCursorError();
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw new InvalidCursorError();
  }
  const position = read(payload);
  if (position === undefined) throw new InvalidCursorError();
  return position;
}

/** A list's cursor: how its position is written into one and read back. */
export interface CursorCodec<P> {
  encode: (position: P) => string;
  /** No cursor: the first page (undefined). */
  decode: (cursor: string | undefined) => P | undefined;
}

export function cursorCodec<P>(write: (position: P) => CursorPayload, read: CursorReader<P>): CursorCodec<P> {
  return {
    encode: (position) => encodeCursor(write(position)),
    decode: (cursor) => (cursor === undefined ? undefined : decodeCursor(cursor, read)),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** Where a page ends in newest-first order: creation time, ties broken by id (a UUID). */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

export const NEWEST_FIRST_CURSOR: CursorCodec<PagePosition> = cursorCodec(
  (position) => [position.createdAt.toISOString(), position.id],
  (payload) => {
    if (!Array.isArray(payload) || payload.length !== 2) return undefined;
    const [time, id] = payload as unknown[];
    if (typeof time !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined;
    const createdAt = new Date(time);
    return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id };
  },
);

/** A cursor holding the last item's unique sort key (slug, name, id); `accepts` says which keys exist. */
export function keyCursor(accepts: (key: string) => boolean): CursorCodec<string> {
  return cursorCodec(
    (key) => key,
    (payload) => (typeof payload === 'string' && accepts(payload) ? payload : undefined),
  );
}

/** Ascending by a UUID id. */
export const ID_CURSOR: CursorCodec<string> = keyCursor(isUuid);

/** Given limit + 1 rows, the page and the cursor of the next one (null on the last page). */
export function toPage<T>(rows: T[], limit: number, cursorAfter: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null };
}
