/**
 * BullMQ queues of the notification service, one per priority lane, so a burst of digests
 * never delays a sign-in code. Workers of a lane scale independently.
 */
export const NOTIFICATION_QUEUES = {
  urgent: 'notification.urgent',
  high: 'notification.high',
  normal: 'notification.normal',
  low: 'notification.low',
} as const;

export type NotificationPriority = keyof typeof NOTIFICATION_QUEUES;

/** The priorities, most urgent first: the lanes above are the one list they come from. */
export const NOTIFICATION_PRIORITIES = Object.keys(NOTIFICATION_QUEUES) as readonly NotificationPriority[];
export type NotificationQueueName = (typeof NOTIFICATION_QUEUES)[NotificationPriority];

/** Expands notification batches into one send per recipient, in chunks, off the request path. */
export const NOTIFICATION_BATCH_QUEUE = 'notification.batches';
