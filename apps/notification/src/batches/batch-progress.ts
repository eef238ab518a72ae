import type { BatchCounts, BatchRecord, RecipientCounts } from './batches.types';

const SENT = ['SENT', 'DELIVERED', 'READ'];
const IN_FLIGHT = ['PENDING', 'SCHEDULED', 'QUEUED', 'PROCESSING'];

/**
 * Counts per message (recipient × channel). A recipient not expanded yet stands for one queued
 * message per channel; a refused recipient for failed ones; a recipient cancelled before
 * expansion for cancelled ones. The rest are the notification rows themselves.
 */
export function countMessages(
  batch: BatchRecord,
  /** Recipients that have no notification rows (yet). */
  recipients: RecipientCounts,
  byStatus: Record<string, number>,
): BatchCounts {
  const perRecipient = Math.max(1, batch.channels.length);
  const sum = (statuses: string[]) => statuses.reduce((total, s) => total + (byStatus[s] ?? 0), 0);
  const counts = {
    queued: sum(IN_FLIGHT) + recipients.pending * perRecipient,
    sent: sum(SENT),
    failed: (byStatus.FAILED ?? 0) + recipients.rejected * perRecipient,
    cancelled: (byStatus.CANCELLED ?? 0) + recipients.cancelled * perRecipient,
  };
  return { total: counts.queued + counts.sent + counts.failed + counts.cancelled, ...counts };
}

/** Nothing left to expand and nothing waiting for or in delivery. */
export function isSettled(counts: BatchCounts): boolean {
  return counts.queued === 0;
}
