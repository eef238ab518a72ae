import { countMessages, isSettled } from './batch-progress';
import type { BatchRecord, RecipientCounts } from './batches.types';

const batch = { channels: ['EMAIL', 'IN_APP'] } as BatchRecord;
const recipients = (counts: Partial<RecipientCounts>): RecipientCounts => ({
  total: 0,
  pending: 0,
  queued: 0,
  rejected: 0,
  cancelled: 0,
  ...counts,
});

describe('batch counts', () => {
  it('counts recipients not expanded yet as queued messages, one per channel', () => {
    const counts = countMessages(batch, recipients({ total: 10, pending: 10 }), {});
    expect(counts).toEqual({ total: 20, queued: 20, sent: 0, failed: 0, cancelled: 0 });
    expect(isSettled(counts)).toBe(false);
  });

  it('adds notification rows by status to refused and cancelled recipients', () => {
    const counts = countMessages(batch, recipients({ total: 10, pending: 1, rejected: 2, cancelled: 1 }), {
      QUEUED: 2,
      PROCESSING: 1,
      DELIVERED: 5,
      READ: 1,
      SENT: 1,
      FAILED: 1,
      CANCELLED: 1,
    });
    expect(counts).toEqual({ total: 20, queued: 5, sent: 7, failed: 5, cancelled: 3 });
  });

  it('is settled when nothing waits for expansion or delivery', () => {
    const counts = countMessages(batch, recipients({ total: 3, rejected: 1 }), { DELIVERED: 3, FAILED: 1 });
    expect(counts).toEqual({ total: 6, queued: 0, sent: 3, failed: 3, cancelled: 0 });
    expect(isSettled(counts)).toBe(true);
  });
});
