import { InvalidCursorError } from './users.errors';
import type { UserPosition } from './user.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of the last item's position in the list's order. */
export function encodeCursor(position: UserPosition): string {
  return Buffer.from(JSON.stringify({ c: position.createdAt.toISOString(), i: position.id })).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): UserPosition {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      c?: unknown;
      i?: unknown;
    };
    const createdAt = new Date(String(c));
    if (
      typeof c !== 'string' ||
      typeof i !== 'string' ||
      !UUID.test(i) ||
      Number.isNaN(createdAt.getTime())
    ) {
      throw new InvalidCursorError();
    }
    return { createdAt, id: i };
  } catch {
    throw new InvalidCursorError();
  }
}
