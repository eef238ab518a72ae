import {
  assertTransition,
  canTransition,
  IllegalStatusTransitionError,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TRANSITIONS,
  NotificationStatus,
  predecessorsOf,
} from './notification-status';

const ALLOWED: Array<[NotificationStatus, NotificationStatus]> = [
  ['PENDING', 'SCHEDULED'],
  ['PENDING', 'QUEUED'],
  ['PENDING', 'CANCELLED'],
  ['PENDING', 'FAILED'],
  ['SCHEDULED', 'QUEUED'],
  ['SCHEDULED', 'CANCELLED'],
  ['SCHEDULED', 'FAILED'],
  ['QUEUED', 'PROCESSING'],
  ['QUEUED', 'SCHEDULED'],
  ['QUEUED', 'CANCELLED'],
  ['QUEUED', 'FAILED'],
  ['PROCESSING', 'PROCESSING'],
  ['PROCESSING', 'QUEUED'],
  ['PROCESSING', 'SENT'],
  ['PROCESSING', 'DELIVERED'],
  ['PROCESSING', 'FAILED'],
  ['SENT', 'DELIVERED'],
  ['SENT', 'READ'],
  ['SENT', 'FAILED'],
  ['DELIVERED', 'READ'],
];

const key = (from: string, to: string) => `${from}→${to}`;
const allowed = new Set(ALLOWED.map(([from, to]) => key(from, to)));
const everyPair = NOTIFICATION_STATUSES.flatMap((from) =>
  NOTIFICATION_STATUSES.map((to) => [from, to] as const),
);
const illegal = everyPair.filter(([from, to]) => !allowed.has(key(from, to)));

describe('notification status transitions', () => {
  it('has exactly the nine statuses of the schema, each with an entry in the table', () => {
    expect(NOTIFICATION_STATUSES).toHaveLength(9);
    expect(Object.keys(NOTIFICATION_TRANSITIONS).sort()).toEqual([...NOTIFICATION_STATUSES].sort());
  });

  it('allows exactly the listed transitions', () => {
    const inTable = everyPair.filter(([from, to]) => canTransition(from, to)).map(([f, t]) => key(f, t));
    expect(inTable.sort()).toEqual([...allowed].sort());
  });

  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it(`refuses every one of the ${81 - ALLOWED.length} other pairs`, () => {
    expect(illegal).toHaveLength(81 - ALLOWED.length);
    for (const [from, to] of illegal) {
      expect(() => assertTransition(from, to)).toThrow(IllegalStatusTransitionError);
    }
  });

  it('ends nowhere from FAILED, CANCELLED and READ', () => {
    for (const status of ['FAILED', 'CANCELLED', 'READ'] as const)
      expect(NOTIFICATION_TRANSITIONS[status]).toEqual([]);
  });

  it('derives the guard of each target from the table', () => {
    expect(predecessorsOf('PROCESSING').sort()).toEqual(['PROCESSING', 'QUEUED']);
    expect(predecessorsOf('CANCELLED').sort()).toEqual(['PENDING', 'QUEUED', 'SCHEDULED']);
    expect(predecessorsOf('PENDING')).toEqual([]);
  });

  it('reports the refused pair as a 409 problem with a stable code', () => {
    const error = new IllegalStatusTransitionError('SENT', 'QUEUED');
    expect(error.code).toBe('ILLEGAL_STATUS_TRANSITION');
    expect(error.status).toBe(409);
    expect(error.extensions).toEqual({ from: 'SENT', to: 'QUEUED' });
  });
});
