import { IsEmail, IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';
import { IsSealedFor } from '../sealed';

/**
 * A change of address took effect. The notification service tells the PREVIOUS address, with a
 * link that restores it: `token` is the secret itself, sealed for the notification service (only
 * its hash is stored), and the receiver builds the link from its own front-end URL.
 */
export class EmailChangedEvent {
  @IsUUID()
  userId!: string;

  /** The address before the change: the recipient. */
  @IsEmail()
  @MaxLength(320)
  previousEmail!: string;

  /** The new address with most of its local part hidden, e.g. `m***@example.net`. */
  @IsString()
  @MaxLength(320)
  newEmailMasked!: string;

  @IsString()
  @MaxLength(35)
  locale!: string;

  /** Sealed for the notification service, which e-mails it: never in clear on Redis. */
  @IsSealedFor('notification')
  token!: string;

  /** Until when the link restores the previous address. */
  @IsISO8601()
  expiresAt!: string;

  @IsISO8601()
  occurredAt!: string;
}

/**
 * Someone signed in to another account asked to move it to this account's address. The address
 * is not given away in the answer; its owner is told instead.
 */
export class EmailAddressInUseEvent {
  /** The account that owns the address. */
  @IsUUID()
  userId!: string;

  /** Its address: the recipient. */
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @IsString()
  @MaxLength(35)
  locale!: string;

  @IsISO8601()
  occurredAt!: string;
}

/** The owner used the link: the previous address is back and every session was ended. */
export class EmailChangeUndoneEvent {
  @IsUUID()
  userId!: string;

  @IsISO8601()
  occurredAt!: string;
}

export const USER_EMAIL_CHANGED = defineEvent<EmailChangedEvent>('user.email-changed.v1', EmailChangedEvent);
export const USER_EMAIL_ADDRESS_IN_USE = defineEvent<EmailAddressInUseEvent>(
  'user.email-address-in-use.v1',
  EmailAddressInUseEvent,
);
export const USER_EMAIL_CHANGE_UNDONE = defineEvent<EmailChangeUndoneEvent>(
  'user.email-change-undone.v1',
  EmailChangeUndoneEvent,
);
