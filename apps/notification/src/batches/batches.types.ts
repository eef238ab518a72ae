import type { UserStatus } from '@orion/contracts';
import type { Channel, Priority } from '../notifications/notifications.types';

export type BatchStatus = 'PENDING' | 'PROCESSING' | 'SENT' | 'FAILED' | 'CANCELLED';
export type RecipientOutcome = 'QUEUED' | 'REJECTED';

/** Users chosen by what the user service knows about them, instead of a list of ids. */
export interface Audience {
  /** Holders of this role (assigned directly, in force). */
  role?: string;
  /** Account statuses; default ACTIVE. */
  statuses?: UserStatus[];
}

export interface NewBatch {
  name: string;
  templateId: string;
  templateKey: string;
  templateVersion: number;
  locale: string | null;
  channels: Channel[];
  priority: Priority;
  variables: Record<string, unknown>;
  recipients: string[];
  /** Set instead of recipients: resolved by the worker before expansion. */
  audience: Audience | null;
  /** Scoped to the caller: `<callerId>:<key>`. */
  idempotencyKey: string | null;
  /** Fingerprint of the request that used idempotencyKey (see request-fingerprint.ts). */
  requestHash: string | null;
  callerId: string;
  createdById: string | null;
  /** The user the batch belongs to (the creator, or the API key's owner). */
  ownerId: string;
}

export interface BatchRecord {
  id: string;
  name: string;
  status: BatchStatus;
  templateId: string | null;
  templateKey: string;
  templateVersion: number | null;
  locale: string | null;
  channels: Channel[];
  priority: Priority;
  variables: Record<string, unknown>;
  callerId: string;
  requestHash: string | null;
  /** Null for a batch from before owners were recorded: only notifications:admin reaches it. */
  ownerId: string | null;
  audience: Audience | null;
  /** False while an audience's members are still being listed. */
  audienceResolved: boolean;
  totalRecipients: number;
  processedRecipients: number;
  report: BatchReport | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
}

/** Messages (one per recipient and channel) by where they are. */
export interface BatchCounts {
  total: number;
  /** Not expanded yet, or waiting for / in delivery. */
  queued: number;
  sent: number;
  failed: number;
  cancelled: number;
}

export interface RecipientCounts {
  total: number;
  pending: number;
  queued: number;
  rejected: number;
  cancelled: number;
}

export interface BatchFailure {
  userId: string;
  /** Null when the whole send was refused before any message existed. */
  channel: Channel | null;
  code: string;
  message: string;
}

/** Frozen when the batch settles: nothing is pending or in delivery any more. */
export interface BatchReport {
  status: BatchStatus;
  counts: BatchCounts;
  recipients: RecipientCounts;
  /** The first failures (at most 100); counts.failed has them all. */
  failures: BatchFailure[];
  completedAt: string;
}

export interface BatchProgress extends BatchRecord {
  counts: BatchCounts;
  recipients: RecipientCounts;
}

export interface RecipientResult {
  userId: string;
  outcome: RecipientOutcome;
  errorCode?: string;
  error?: string;
}
