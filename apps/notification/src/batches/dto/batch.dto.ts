import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NOTIFICATION_CHANNELS, NOTIFICATION_PRIORITIES, USER_STATUSES, UserStatus } from '@orion/contracts';
import { PageOf, PageQueryDto } from '@orion/core';
import type { BatchStatus } from '../batches.types';
import type { Channel, Priority } from '../../notifications/notifications.types';
import type { BatchProgress, BatchRecord } from '../batches.types';

export class BatchTemplateDto {
  @ApiProperty({ example: 'account.welcome' })
  @IsString()
  @MaxLength(100)
  key!: string;

  @ApiPropertyOptional({
    example: 2,
    description: 'Default: the active version, pinned when the batch is accepted',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ example: 'de', description: "Default: each recipient's own locale" })
  @IsOptional()
  @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
    message: 'locale must be a BCP 47 tag such as en or de-AT',
  })
  locale?: string;
}

export class BatchAudienceDto {
  @ApiPropertyOptional({ example: 'user', description: 'Holders of this role (assigned directly, in force)' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'role must be a role slug' })
  role?: string;

  @ApiPropertyOptional({
    enum: USER_STATUSES,
    isArray: true,
    description: 'Account statuses; default ACTIVE',
  })
  @IsOptional()
  @IsArray()
  @IsIn(USER_STATUSES, { each: true })
  statuses?: UserStatus[];
}

export class CreateBatchDto {
  @ApiProperty({ example: 'November product update' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name!: string;

  @ApiProperty({ type: BatchTemplateDto })
  // ValidateNested passes an absent value, so the required object needs its own check.
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BatchTemplateDto)
  template!: BatchTemplateDto;

  @ApiPropertyOptional({
    enum: NOTIFICATION_CHANNELS,
    isArray: true,
    description: "Default: the template's channels",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(NOTIFICATION_CHANNELS, { each: true })
  channels?: Channel[];

  @ApiPropertyOptional({ enum: NOTIFICATION_PRIORITIES, default: 'low' })
  @IsOptional()
  @IsIn(NOTIFICATION_PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({
    description: 'User ids; duplicates are sent to once. Either this or audience.',
    example: ['10000000-0000-4000-8000-000000000002'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1_000_000)
  @IsUUID('all', { each: true })
  recipients?: string[];

  @ApiPropertyOptional({
    type: BatchAudienceDto,
    description: 'Users listed by the user service. Either this or recipients.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => BatchAudienceDto)
  audience?: BatchAudienceDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Shared by every recipient's message",
    example: { signInUrl: 'https://app.example.com' },
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Repeating a request with the same key returns the first batch; a different request with it is 409 IDEMPOTENCY_KEY_REUSED',
    example: 'nov-update',
  })
  @IsOptional()
  @IsString()
  @MaxLength(150)
  idempotencyKey?: string;
}

export class ListBatchesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['PENDING', 'PROCESSING', 'SENT', 'FAILED', 'CANCELLED'] })
  @IsOptional()
  @IsIn(['PENDING', 'PROCESSING', 'SENT', 'FAILED', 'CANCELLED'])
  status?: BatchStatus;
}

export class BatchParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class BatchCountsDto {
  @ApiProperty({ description: 'Messages: recipients × channels', example: 4000 })
  total!: number;
  @ApiProperty({ description: 'Not expanded yet, or waiting for or in delivery', example: 1200 })
  queued!: number;
  @ApiProperty({ example: 2790 })
  sent!: number;
  @ApiProperty({ description: 'Delivery failed, or the send was refused for the recipient', example: 10 })
  failed!: number;
  @ApiProperty({ example: 0 })
  cancelled!: number;
}

export class RecipientCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Not expanded yet' }) pending!: number;
  @ApiProperty({ description: 'Their notifications exist' }) queued!: number;
  @ApiProperty({ description: 'The send was refused (unknown user, no address)' }) rejected!: number;
  @ApiProperty({ description: 'Cancelled before expansion' }) cancelled!: number;
}

export class BatchFailureDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ type: String, nullable: true, enum: NOTIFICATION_CHANNELS }) channel!: string | null;
  @ApiProperty({ example: 'RECIPIENT_NOT_FOUND' }) code!: string;
  @ApiProperty() message!: string;
}

export class BatchReportDto {
  @ApiProperty({ enum: ['SENT', 'FAILED', 'CANCELLED'] }) status!: string;
  @ApiProperty({ type: BatchCountsDto }) counts!: BatchCountsDto;
  @ApiProperty({ type: RecipientCountsDto }) recipients!: RecipientCountsDto;
  @ApiProperty({ type: [BatchFailureDto], description: 'The first 100 failures' })
  failures!: BatchFailureDto[];
  @ApiProperty() completedAt!: string;
}

export class BatchDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['PENDING', 'PROCESSING', 'SENT', 'FAILED', 'CANCELLED'] }) status!: string;
  @ApiProperty({ example: 'account.welcome' }) templateKey!: string;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) templateVersion!: number | null;
  @ApiProperty({ type: String, nullable: true }) locale!: string | null;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true }) channels!: string[];
  @ApiProperty({ enum: NOTIFICATION_PRIORITIES }) priority!: string;
  @ApiProperty({ type: BatchAudienceDto, nullable: true }) audience!: BatchAudienceDto | null;
  @ApiProperty({ description: 'False while the audience is still being listed' }) audienceResolved!: boolean;
  @ApiProperty({ type: BatchCountsDto }) counts!: BatchCountsDto;
  @ApiProperty({ type: RecipientCountsDto }) recipients!: RecipientCountsDto;
  @ApiProperty({ type: BatchReportDto, nullable: true, description: 'Set once every message has an outcome' })
  report!: BatchReportDto | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt!: Date | null;
  @ApiProperty({
    nullable: true,
    format: 'uuid',
    type: String,
    description: 'The user it belongs to (the creator, or the API key owner); null for a batch nobody owns',
  })
  ownerId!: string | null;
}

/** A batch in a list: stored figures only (live counts are on GET /notification-batches/{id}). */
export class BatchSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['PENDING', 'PROCESSING', 'SENT', 'FAILED', 'CANCELLED'] }) status!: string;
  @ApiProperty({ example: 'account.welcome' }) templateKey!: string;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) templateVersion!: number | null;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true }) channels!: string[];
  @ApiProperty({ enum: NOTIFICATION_PRIORITIES }) priority!: string;
  @ApiProperty({ description: 'Recipients in the batch' }) totalRecipients!: number;
  @ApiProperty({ description: 'Recipients expansion has handled' }) processedRecipients!: number;
  @ApiProperty({ type: BatchReportDto, nullable: true }) report!: BatchReportDto | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: Date | null;
  @ApiProperty({
    nullable: true,
    format: 'uuid',
    type: String,
    description: 'The user it belongs to (the creator, or the API key owner); null for a batch nobody owns',
  })
  ownerId!: string | null;
}

export class BatchPageDto extends PageOf(BatchSummaryDto) {}

/** The batch as callers see it: no caller id, no variables (they may be personal). */
export function toBatchDto({
  callerId: _c,
  variables: _v,
  templateId: _t,
  totalRecipients: _n,
  processedRecipients: _p,
  ...batch
}: BatchProgress): BatchDto {
  return batch;
}

export function toBatchSummaryDto(batch: BatchRecord): BatchSummaryDto {
  return {
    id: batch.id,
    name: batch.name,
    status: batch.status,
    templateKey: batch.templateKey,
    templateVersion: batch.templateVersion,
    channels: batch.channels,
    priority: batch.priority,
    totalRecipients: batch.totalRecipients,
    processedRecipients: batch.processedRecipients,
    report: batch.report,
    createdAt: batch.createdAt,
    completedAt: batch.completedAt,
    ownerId: batch.ownerId,
  };
}
