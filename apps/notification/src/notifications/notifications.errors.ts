import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Unknown, or not visible to the caller: the caller cannot tell which. */
export class NotificationNotFoundError extends DomainError {
  readonly code = 'NOTIFICATION_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor() {
    super('No such notification.');
  }
}

export class NotificationNotCancellableError extends DomainError {
  readonly code = 'NOTIFICATION_NOT_CANCELLABLE';
  readonly status = HttpStatus.CONFLICT;
  constructor(status: string) {
    super(`A notification in status ${status} can no longer be cancelled.`);
    this.extensions.currentStatus = status;
  }
}

/** Neither a template nor inline content, or content without text. */
export class NotificationContentMissingError extends DomainError {
  readonly code = 'NOTIFICATION_CONTENT_MISSING';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(detail = 'Give either a template or content with text.') {
    super(detail);
  }
}

export class RecipientNotFoundError extends DomainError {
  readonly code = 'RECIPIENT_NOT_FOUND';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super('The recipient user does not exist.');
  }
}

/** Deleted, erased or deactivated accounts receive nothing. */
export class RecipientInactiveError extends DomainError {
  readonly code = 'RECIPIENT_INACTIVE';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super('The recipient account is deleted or deactivated.');
  }
}

/** A channel was asked for that the recipient has no address on. */
export class RecipientAddressMissingError extends DomainError {
  readonly code = 'RECIPIENT_ADDRESS_MISSING';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(channels: string[]) {
    super(`The recipient has no address for ${channels.join(', ')}.`);
    this.extensions.channels = channels;
  }
}

export class NoChannelError extends DomainError {
  readonly code = 'NO_CHANNEL';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super('No channel to send on: name channels, or use a template or an address that implies them.');
  }
}

export class ScheduledInThePastError extends DomainError {
  readonly code = 'SCHEDULED_IN_THE_PAST';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super('scheduledAt must be in the future.');
    this.extensions.field = 'scheduledAt';
  }
}

/** Webhooks are signed: an unregistered URL has no secret to sign with. */
export class WebhookUrlNotRegisteredError extends DomainError {
  readonly code = 'WEBHOOK_URL_NOT_REGISTERED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super(
      'Register the URL as a webhook endpoint (POST /api/v1/webhook-endpoints) and send to its webhookEndpointId.',
    );
    this.extensions.field = 'recipient.webhookUrl';
  }
}

/** SLACK and DISCORD deliver only to those services' incoming-webhook URLs. */
export class ChatWebhookUrlRejectedError extends DomainError {
  readonly code = 'CHAT_WEBHOOK_URL_REJECTED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(field: 'slackWebhookUrl' | 'discordWebhookUrl', problem: string) {
    super(`recipient.${field} ${problem}.`);
    this.extensions.field = `recipient.${field}`;
  }
}
