import { Injectable } from '@nestjs/common';

export type Priority = 'urgent' | 'high' | 'normal' | 'low';
export type Channel = 'EMAIL' | 'SMS' | 'PUSH' | 'IN_APP' | 'WEBHOOK' | 'SLACK' | 'DISCORD';

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
  content?: { subject?: string; text?: string; html?: string; title?: string; payload?: Record<string, unknown> };
  channels?: Channel[];
  priority?: Priority;
  variables?: Record<string, unknown>;
  category?: string;
  scheduledAt?: Date;
  idempotencyKey?: string;
  batchId?: string;
  correlationId?: string;
  callerId?: string;
}

export interface SendNotificationResult {
  created: boolean;
  notifications: Array<{ id: string; channel: Channel; status: string }>;
}

/** Accepts one send request: resolves the recipient, renders per channel, stores one notification per channel and queues it. */
@Injectable()
export class SendNotificationUseCase {
  execute(_command: SendNotificationCommand): Promise<SendNotificationResult> {
    return Promise.reject(new Error('SendNotificationUseCase is not wired yet'));
  }
}
