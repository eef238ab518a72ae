/**
 * Every channel a notification can go out on: the one list the notification service's types,
 * validation and API documents derive from.
 */
export const NOTIFICATION_CHANNELS = [
  'EMAIL',
  'SMS',
  'PUSH',
  'IN_APP',
  'WEBHOOK',
  'SLACK',
  'DISCORD',
] as const;

export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** The channels that reach a person (not an endpoint): what a user may name as preferred. */
export const PERSONAL_CHANNELS = [
  'EMAIL',
  'SMS',
  'PUSH',
  'IN_APP',
] as const satisfies readonly NotificationChannel[];
