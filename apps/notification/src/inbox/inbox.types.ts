import type { Priority } from '../notifications/notifications.types';

/** Which part of the inbox a list shows; `all` includes archived items. */
export const INBOX_VIEWS = ['unread', 'read', 'archived', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** An IN_APP notification as its recipient sees it. */
export interface InboxItem {
  id: string;
  title: string | null;
  body: string;
  /** The template category, e.g. SECURITY or BILLING. */
  category: string | null;
  /** What the sender attached for the front end (a link, an entity id…); {} when nothing. */
  payload: Record<string, unknown>;
  priority: Priority;
  createdAt: Date;
  readAt: Date | null;
  archivedAt: Date | null;
}

/** An item on its way to the recipient's open streams. */
export interface InboxDelivery {
  userId: string;
  item: InboxItem;
}
