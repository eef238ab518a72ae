import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export const NOTIFICATION_STATUSES = [
  'PENDING',
  'SCHEDULED',
  'QUEUED',
  'PROCESSING',
  'SENT',
  'DELIVERED',
  'READ',
  'FAILED',
  'CANCELLED',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * Every status a notification may move to from each status; anything else is refused.
 * - PROCESSING → PROCESSING: a worker that died mid-delivery left the row PROCESSING and BullMQ
 *   hands the stalled job to another worker, which claims it again.
 * - PROCESSING → QUEUED: a transient failure waiting for its retry.
 * - QUEUED → SCHEDULED: deferred by the user's quiet hours when the worker picked it up.
 * - SENT → FAILED: the provider accepted it, then reported it undeliverable (bounce).
 */
export const NOTIFICATION_TRANSITIONS: Readonly<Record<NotificationStatus, readonly NotificationStatus[]>> = {
  PENDING: ['SCHEDULED', 'QUEUED', 'CANCELLED', 'FAILED'],
  SCHEDULED: ['QUEUED', 'CANCELLED', 'FAILED'],
  QUEUED: ['PROCESSING', 'SCHEDULED', 'CANCELLED', 'FAILED'],
  PROCESSING: ['PROCESSING', 'QUEUED', 'SENT', 'DELIVERED', 'FAILED'],
  SENT: ['DELIVERED', 'READ', 'FAILED'],
  DELIVERED: ['READ'],
  READ: [],
  FAILED: [],
  CANCELLED: [],
};

/** Nothing more will happen to the message itself (READ only changes how the inbox shows it). */
export const FINISHED_STATUSES: readonly NotificationStatus[] = [
  'SENT',
  'DELIVERED',
  'READ',
  'FAILED',
  'CANCELLED',
];

/** A caller may still call the send off: no worker has it in hand. */
export const CANCELLABLE_STATUSES: readonly NotificationStatus[] = ['PENDING', 'SCHEDULED', 'QUEUED'];

export function canTransition(from: NotificationStatus, to: NotificationStatus): boolean {
  return NOTIFICATION_TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` may be reached: the guard of the guarded UPDATE. */
export function predecessorsOf(to: NotificationStatus): NotificationStatus[] {
  return NOTIFICATION_STATUSES.filter((from) => canTransition(from, to));
}

/** A status change the table does not allow, or one that lost a race to another change. */
export class IllegalStatusTransitionError extends DomainError {
  readonly code = 'ILLEGAL_STATUS_TRANSITION';
  readonly status = HttpStatus.CONFLICT;

  constructor(
    readonly from: NotificationStatus | null,
    readonly to: NotificationStatus,
  ) {
    super(
      from
        ? `A notification cannot go from ${from} to ${to}.`
        : `The notification is no longer in a status that can go to ${to}.`,
    );
    this.extensions.from = from;
    this.extensions.to = to;
  }
}

export function assertTransition(from: NotificationStatus, to: NotificationStatus): void {
  if (!canTransition(from, to)) throw new IllegalStatusTransitionError(from, to);
}
