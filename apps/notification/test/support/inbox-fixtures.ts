import { randomUUID } from 'node:crypto';

type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface InboxRowOptions {
  channel?: string;
  status?: string;
  title?: string;
  body?: string;
  priority?: string;
  payload?: Record<string, unknown>;
  category?: string;
  createdAt?: Date;
  readAt?: Date | null;
  archivedAt?: Date | null;
}

/** Inserts a notification row as the sending core leaves it; IN_APP and DELIVERED unless told. */
export async function insertInboxRow(
  query: Query,
  userId: string,
  options: InboxRowOptions = {},
): Promise<string> {
  const id = randomUUID();
  await query(
    `INSERT INTO notifications
       (id, user_id, type, channel, status, priority, subject, body, data, created_at, updated_at, read_at, archived_at)
     VALUES ($1, $2, 'ALERT', $3::"NotificationChannel", $4::"NotificationStatus", $5::"NotificationPriority",
             $6, $7, $8::jsonb, $9, now(), $10, $11)`,
    [
      id,
      userId,
      options.channel ?? 'IN_APP',
      options.status ?? (options.readAt ? 'READ' : 'DELIVERED'),
      options.priority ?? 'NORMAL',
      options.title ?? 'A title',
      options.body ?? 'A body',
      JSON.stringify({ category: options.category ?? 'ACCOUNT', payload: options.payload ?? {} }),
      options.createdAt ?? new Date(),
      options.readAt ?? null,
      options.archivedAt ?? null,
    ],
  );
  return id;
}
