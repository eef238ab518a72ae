import { IsUUID } from 'class-validator';
import { defineCommand } from '../contract';
import type { UserStatus } from './users.contract';

export class GetUserContactsRequest {
  @IsUUID()
  userId!: string;
}

/** Where and how to reach a user: what the notification service needs to address a message. */
export interface UserContacts {
  userId: string;
  /** Null once the account is erased. */
  email: string | null;
  emailVerified: boolean;
  /** E.164 as the user entered it; null when none is on file. */
  phone: string | null;
  /** BCP 47 tag from the user's localization preferences, e.g. "pt-BR"; null when unset. */
  locale: string | null;
  /** IANA zone from the user's localization preferences; null when unset. */
  timezone: string | null;
  status: UserStatus;
  /** Soft-deleted or erased: nothing should be sent. */
  deleted: boolean;
}

/** A user's contact details for addressing a notification; null for an unknown user. A read: safe to retry. */
export const GET_USER_CONTACTS = defineCommand<GetUserContactsRequest, UserContacts | null>(
  'user.contacts.get.v1',
  GetUserContactsRequest,
);
