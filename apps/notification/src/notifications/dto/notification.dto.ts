import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, NOTIFICATION_PRIORITIES } from '@orion/contracts';
import { PageOf, PageQueryDto } from '@orion/core';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NOTIFICATION_STATUSES } from '../notification-status';
import type { Channel, Priority } from '../notifications.types';
import { REDACTED } from '../sensitive-content';
import type { DeliveryAttemptRecord, NotificationRecord } from '../notifications.types';

export class CreatedNotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  channel!: string;

  @ApiProperty({ enum: NOTIFICATION_STATUSES, example: 'QUEUED' })
  status!: string;
}

export class SendNotificationResponseDto {
  @ApiProperty({ description: 'False when an earlier request with the same idempotency key made them.' })
  created!: boolean;

  @ApiProperty({ type: [CreatedNotificationDto] })
  notifications!: CreatedNotificationDto[];
}

export class DeliveryAttemptDto {
  @ApiProperty() attemptNumber!: number;
  @ApiProperty({ example: 'webhook' }) provider!: string;
  @ApiProperty({ enum: ['PENDING', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'BOUNCED'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) providerMessageId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'HTTP_500' }) errorCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorMessage!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) response!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) userId!: string | null;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: string;
  @ApiProperty({ enum: NOTIFICATION_PRIORITIES }) priority!: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status!: string;
  @ApiProperty({ example: 'TRANSACTIONAL' }) type!: string;
  @ApiProperty({ example: 'ACCOUNT' }) category!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) recipient!: string | null;
  @ApiProperty({ example: 'en' }) locale!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty() body!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) templateKey!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) templateVersion!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) batchId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) idempotencyKey!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) correlationId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) scheduledAt!: string | null;
  @ApiProperty() attemptCount!: number;
  @ApiProperty() maxAttempts!: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) failedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class NotificationDetailDto extends NotificationDto {
  @ApiProperty({ type: [DeliveryAttemptDto] }) attempts!: DeliveryAttemptDto[];
}

export class NotificationPageDto extends PageOf(NotificationDto) {}

export class NotificationParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: (typeof NOTIFICATION_STATUSES)[number];

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ enum: NOTIFICATION_PRIORITIES })
  @IsOptional()
  @IsIn(NOTIFICATION_PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  correlationId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;
}

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
