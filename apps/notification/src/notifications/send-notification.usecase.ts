import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { ChannelAvailabilityService } from '../channels/channel-availability.service';
import { TransactionRunner } from '../database/transaction.runner';
import { DELIVERY_CONFIG, DeliveryConfig } from '../delivery/delivery.config';
import { DeliverySchedulerService } from '../delivery/delivery-scheduler.service';
import { IdempotencyKeyReusedError } from '../idempotency/idempotency.errors';
import { asSet, isOtherRequest, requestFingerprint } from '../idempotency/request-fingerprint';
import { TemplateRendererService } from '../templates/template-renderer.service';
import { carriesSecret, redactVariables } from './sensitive-content';
import type { Channel, NewNotification, NotificationRecord, Priority } from './notifications.types';
import { DuplicateSendError, NotificationsRepository } from './notifications.repository';
import {
  NoChannelError,
  NotificationContentMissingError,
  RecipientAddressMissingError,
  ScheduledInThePastError,
} from './notifications.errors';
import { RecipientResolverService, ResolvedRecipient } from './recipient-resolver.service';

export interface SendNotificationCommand {
  recipient:
    | { userId: string }
    | {
        email?: string;
        phone?: string;
        webhookEndpointId?: string;
        webhookUrl?: string;
        slackWebhookUrl?: string;
        discordWebhookUrl?: string;
      };
  template?: { key: string; locale?: string; version?: number };
  content?: {
    subject?: string;
    text?: string;
    html?: string;
    title?: string;
    payload?: Record<string, unknown>;
  };
  channels?: Channel[];
  priority?: Priority;
  variables?: Record<string, unknown>;
  category?: string;
  scheduledAt?: Date;
  idempotencyKey?: string;
  batchId?: string;
  correlationId?: string;
  callerId?: string;
  /**
   * The user the caller acts for (the user, or the API key's owner). A webhook endpoint named as
   * recipient must belong to it; unset for the service's own features.
   */
  ownerId?: string | null;
}

export interface SendNotificationResult {
  created: boolean;
  notifications: Array<{ id: string; channel: Channel; status: string }>;
}

/** Idempotency keys of features inside this service (triggers, batches) share this caller id. */
export const INTERNAL_CALLER = 'internal';
const DEFAULT_CATEGORY = 'SYSTEM';

const summary = (rows: NotificationRecord[]): SendNotificationResult['notifications'] =>
  rows.map((n) => ({ id: n.id, channel: n.channel, status: n.status }));

/** Everything that makes one send differ from another; the caller scopes the key already. */
function fingerprintOf(command: SendNotificationCommand, callerId: string): string {
  const { callerId: _caller, ownerId: _owner, idempotencyKey: _key, scheduledAt, ...request } = command;
  return requestFingerprint('notifications.send', callerId, {
    ...request,
    channels: asSet(request.channels),
    scheduledAt: scheduledAt?.toISOString(),
  });
}

/** The first request's notifications, for a repeat of it; another request under its key is refused. */
function replay(earlier: NotificationRecord[], key: string, fingerprint: string): SendNotificationResult {
  if (earlier.some((n) => isOtherRequest(n.requestHash, fingerprint)))
    throw new IdempotencyKeyReusedError(key);
  return { created: false, notifications: summary(earlier) };
}

/**
 * Accepts one send request, the same way from HTTP, event triggers and batches: resolves the
 * recipient, renders the content per channel, stores one notification per channel (at most once
 * per caller and idempotency key) and hands each to the delivery queue.
 */
@Injectable()
export class SendNotificationUseCase {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly recipients: RecipientResolverService,
    private readonly renderer: TemplateRendererService,
    private readonly scheduler: DeliverySchedulerService,
    private readonly availability: ChannelAvailabilityService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    @Inject(DELIVERY_CONFIG) private readonly delivery: DeliveryConfig,
  ) {}

  async execute(command: SendNotificationCommand): Promise<SendNotificationResult> {
    const callerId = command.callerId ?? INTERNAL_CALLER;
    const key = command.idempotencyKey;
    const fingerprint = key ? fingerprintOf(command, callerId) : null;
    if (key && fingerprint) {
      const earlier = await this.notifications.findByIdempotencyKey(callerId, key);
      if (earlier.length > 0) return replay(earlier, key, fingerprint);
    }
    this.checkShape(command);
    const recipient = await this.recipients.resolve(command.recipient, {
      internal: callerId === INTERNAL_CALLER,
      ownerId: command.ownerId ?? null,
    });
    const channels = await this.channelsFor(command, recipient);
    const items = await Promise.all(
      channels.map((channel) => this.prepare(command, recipient, channel, callerId, fingerprint)),
    );
    let stored: NotificationRecord[];
    try {
      stored = await this.transactions.run((tx) => this.notifications.createAll(items, tx));
    } catch (error) {
      // A concurrent request with the same key committed first: answer with its notifications.
      if (error instanceof DuplicateSendError && key && fingerprint) {
        return replay(await this.notifications.findByIdempotencyKey(callerId, key), key, fingerprint);
      }
      throw error;
    }
    const scheduled: NotificationRecord[] = [];
    for (const notification of stored) scheduled.push(await this.scheduler.schedule(notification));
    return { created: true, notifications: summary(scheduled) };
  }

  private checkShape(command: SendNotificationCommand): void {
    const content = command.content;
    if (!command.template && !(content?.text || content?.html || content?.payload)) {
      throw new NotificationContentMissingError();
    }
    if (command.scheduledAt && command.scheduledAt.getTime() < this.clock.now().getTime() - 60_000) {
      throw new ScheduledInThePastError();
    }
  }

  /**
   * Named channels must all be reachable and configured; defaults (template or addresses) keep
   * the reachable ones that are configured.
   */
  private async channelsFor(
    command: SendNotificationCommand,
    recipient: ResolvedRecipient,
  ): Promise<Channel[]> {
    const reachable = (channel: Channel) => recipient.addresses[channel] !== undefined;
    if (command.channels && command.channels.length > 0) {
      const named = [...new Set(command.channels)];
      const missing = named.filter((channel) => !reachable(channel));
      if (missing.length > 0) throw new RecipientAddressMissingError(missing);
      this.availability.requireConfigured(named);
      return named;
    }
    const defaults: Channel[] = command.template
      ? await this.renderer.channelsOf(command.template.key)
      : recipient.userId
        ? ['EMAIL']
        : (Object.keys(recipient.addresses) as Channel[]);
    const usable = defaults.filter(reachable);
    if (usable.length === 0) throw new NoChannelError();
    return this.availability.keepConfigured(usable);
  }

  private async prepare(
    command: SendNotificationCommand,
    recipient: ResolvedRecipient,
    channel: Channel,
    callerId: string,
    requestHash: string | null,
  ): Promise<NewNotification> {
    const priority = command.priority ?? 'normal';
    const variables = command.variables ?? {};
    const locale = command.template?.locale ?? recipient.locale ?? 'en';
    const rendered = command.template
      ? await this.renderer.render({
          key: command.template.key,
          channel,
          locale,
          version: command.template.version,
          variables,
        })
      : null;
    const content = rendered ?? command.content ?? {};
    const category = (rendered?.category ?? command.category ?? DEFAULT_CATEGORY).toUpperCase();
    const text = content.text ?? '';
    if (!rendered && !text && !content.html && !content.payload) throw new NotificationContentMissingError();
    return {
      userId: recipient.userId,
      channel,
      priority,
      type:
        priority === 'urgent' || category === 'SECURITY'
          ? 'ALERT'
          : command.batchId
            ? 'ANNOUNCEMENT'
            : 'TRANSACTIONAL',
      recipient: recipient.addresses[channel] as string,
      locale: rendered?.locale ?? locale,
      subject: content.subject?.slice(0, 255) ?? null,
      body: text,
      data: {
        category,
        templateKey: command.template?.key,
        variables: redactVariables(variables, rendered?.sensitiveVariables),
        html: content.html,
        title: content.title,
        payload: content.payload,
        ...(carriesSecret(content, variables, rendered?.sensitiveVariables) && { sensitive: true }),
      },
      templateId: rendered?.templateId ?? null,
      templateVersion: rendered?.version ?? null,
      batchId: command.batchId ?? null,
      callerId,
      ownerId: command.ownerId ?? null,
      idempotencyKey: command.idempotencyKey ?? null,
      requestHash,
      correlationId: command.correlationId ?? null,
      scheduledAt: command.scheduledAt ?? null,
      maxAttempts: this.delivery.maxAttempts,
    };
  }
}
