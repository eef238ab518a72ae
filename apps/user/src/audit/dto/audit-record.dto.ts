import { PageOf } from '@orion/core';
import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS } from '../audit-action';
import type { AuditRecord } from '../audit.types';

export class AuditRecordDto {
  @ApiProperty({ example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: '10000000-0000-4000-8000-000000000001' })
  actorId!: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'UPDATE' })
  action!: string;

  @ApiProperty({ example: 'user' })
  resourceType!: string;

  @ApiProperty({ type: String, nullable: true, example: '10000000-0000-4000-8000-000000000002' })
  resourceId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Changed fields only, without secrets.',
    example: { before: { displayName: 'Sam' }, after: { displayName: 'Samuel' } },
  })
  changes!: object;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What else the action concerned; its members depend on the action.',
    example: { apiKeyId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' },
  })
  metadata!: object;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ipAddress!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' })
  userAgent!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '0f8e4c1a-7d0b-4a55-9d4e-1f5c2b6a9e10' })
  requestId!: string | null;

  @ApiProperty({ example: '2026-01-15T09:30:00.000Z' })
  createdAt!: string;
}

export function toAuditRecordDto(record: AuditRecord): AuditRecordDto {
  return { ...record, createdAt: record.createdAt.toISOString() };
}

export class AuditPageDto extends PageOf(AuditRecordDto) {}
