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
export type NotificationQueueName = (typeof NOTIFICATION_QUEUES)[NotificationPriority];
