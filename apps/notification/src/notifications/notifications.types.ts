import type { NotificationChannel, NotificationPriority } from '@orion/contracts';
import type { NotificationStatus } from './notification-status';

/** A channel a notification goes out on; the list is NOTIFICATION_CHANNELS in the contracts. */
export type Channel = NotificationChannel;
/** How urgent a notification is; one delivery lane per priority (NOTIFICATION_QUEUES). */
export type Priority = NotificationPriority;

/** What the send use case decides for one channel, as stored. */
interface NotificationContent {
  userId: string | null;
  channel: Channel;
  priority: Priority;
  locale: string;
  subject: string | null;
  body: string;
  /** variables, html, title, payload, category, template key. */
  data: NotificationData;
  templateId: string | null;
  templateVersion: number | null;
  batchId: string | null;
  callerId: string | null;
  /** The user the sender acts for (the user, or the API key's owner); null for internal features. */
  ownerId: string | null;
  idempotencyKey: string | null;
  /** Fingerprint of the request that used idempotencyKey (see request-fingerprint.ts). */
  requestHash: string | null;
  correlationId: string | null;
  scheduledAt: Date | null;
  maxAttempts: number;
}

/** Plain view of a stored notification; services and controllers never see Prisma types. */
export interface NotificationRecord extends NotificationContent {
  id: string;
  status: NotificationStatus;
  type: string;
  recipient: string | null;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NotificationData {
  category: string;
  templateKey?: string;
  variables?: Record<string, unknown>;
  html?: string;
  title?: string;
  payload?: Record<string, unknown>;
  /** The content shows a secret: it is never returned, and is wiped once the notification is finished. */
  sensitive?: boolean;
  /** The secret-bearing content has been wiped. */
  scrubbed?: boolean;
}

export interface DeliveryAttemptRecord {
  id: string;
  attemptNumber: number;
  channel: Channel;
  provider: string;
  status: string;
  providerMessageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  response: Record<string, unknown>;
  durationMs: number | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** What the send use case stores for one channel. */
export interface NewNotification extends NotificationContent {
  type: 'TRANSACTIONAL' | 'ALERT' | 'ANNOUNCEMENT';
  recipient: string;
}

/** Columns a status change may set alongside the status. */
export interface StatusChange {
  scheduledAt?: Date | null;
  nextAttemptAt?: Date | null;
  lastError?: string | null;
  sentAt?: Date;
  deliveredAt?: Date;
  failedAt?: Date;
  cancelledAt?: Date;
  /** Adds one to attempt_count (a worker claiming the notification). */
  countAttempt?: boolean;
}

export interface NotificationFilter {
  userId?: string;
  status?: NotificationStatus;
  channel?: Channel;
  priority?: Priority;
  batchId?: string;
  correlationId?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

export const PRIORITY_TO_STORED = { urgent: 'CRITICAL', high: 'HIGH', normal: 'NORMAL', low: 'LOW' } as const;
export const STORED_TO_PRIORITY: Record<string, Priority> = Object.fromEntries(
  Object.entries(PRIORITY_TO_STORED).map(([priority, stored]) => [stored, priority as Priority]),
);
