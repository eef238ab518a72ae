import { REDACTED } from '../sensitive-content';
import type { DeliveryAttemptRecord, NotificationRecord } from '../notifications.types';
import type { DeliveryAttemptDto, NotificationDetailDto, NotificationDto } from './notification.dto';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toNotificationDto(n: NotificationRecord): NotificationDto {
  return {
    id: n.id,
    userId: n.userId,
    channel: n.channel,
    priority: n.priority,
    status: n.status,
    type: n.type,
    category: n.data.category,
    recipient: n.recipient,
    locale: n.locale,
    subject: n.subject,
    // A secret (code, reset link) is for its recipient only, never for whoever looks it up.
    body: n.data.sensitive ? REDACTED : n.body,
    templateKey: n.data.templateKey ?? null,
    templateVersion: n.templateVersion,
    batchId: n.batchId,
    idempotencyKey: n.idempotencyKey,
    correlationId: n.correlationId,
    scheduledAt: iso(n.scheduledAt),
    attemptCount: n.attemptCount,
    maxAttempts: n.maxAttempts,
    nextAttemptAt: iso(n.nextAttemptAt),
    lastError: n.lastError,
    sentAt: iso(n.sentAt),
    deliveredAt: iso(n.deliveredAt),
    failedAt: iso(n.failedAt),
    cancelledAt: iso(n.cancelledAt),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}

function toAttemptDto(a: DeliveryAttemptRecord): DeliveryAttemptDto {
  return {
    attemptNumber: a.attemptNumber,
    provider: a.provider,
    status: a.status,
    providerMessageId: a.providerMessageId,
    errorCode: a.errorCode,
    errorMessage: a.errorMessage,
    response: a.response,
    durationMs: a.durationMs,
    startedAt: iso(a.startedAt),
    completedAt: iso(a.completedAt),
  };
}

export function toNotificationDetailDto(
  n: NotificationRecord & { attempts: DeliveryAttemptRecord[] },
): NotificationDetailDto {
  return { ...toNotificationDto(n), attempts: n.attempts.map(toAttemptDto) };
}
