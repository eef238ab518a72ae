import { TEMPLATE_CATEGORIES, TemplateCategory } from '../templates/templates.types';
import type { Channel } from '../notifications/notifications.types';

/** Users choose per channel for each template category (TemplateCategory in the schema). */
export type NotificationCategory = TemplateCategory;

/** The user's choice for one category on one channel. */
export interface ChannelChoice {
  channel: Channel;
  category: NotificationCategory;
  enabled: boolean;
  /** immediate, hourly, daily, weekly or never (never mutes the category). */
  frequency: string;
}

/** Per-user settings that apply to every channel and category. */
export interface DeliverySettings {
  userId: string;
  /** The version of the user service's preferences this projection reflects. */
  version: number;
  locale: string | null;
  /** IANA zone the quiet hours are read in. */
  timeZone: string | null;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
}

/** Everything the projection holds for one user after an event. */
export interface ProjectedPreferences {
  settings: DeliverySettings;
  choices: ChannelChoice[];
  /** When the user service made the change. */
  occurredAt: Date;
}

export function isNotificationCategory(value: string): value is NotificationCategory {
  return (TEMPLATE_CATEGORIES as readonly string[]).includes(value);
}
