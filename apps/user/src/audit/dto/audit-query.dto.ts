import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '@orion/core';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AUDIT_ACTIONS, AuditAction } from '../audit-action';

/** Filters shared by the list and the export. */
export class AuditFilterDto {
  @ApiPropertyOptional({
    description: 'Who acted (a user id).',
    example: '10000000-0000-4000-8000-000000000001',
  })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, example: 'UPDATE' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ example: 'api_key' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]*$/)
  @MaxLength(64)
  resourceType?: string;

  @ApiPropertyOptional({ example: '3fa85f64-5717-4562-b3fc-2c963f66afa6' })
  @IsOptional()
  @IsUUID()
  resourceId?: string;

  @ApiPropertyOptional({ example: '0f8e4c1a-7d0b-4a55-9d4e-1f5c2b6a9e10' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  requestId?: string;

  @ApiPropertyOptional({
    description: 'From this instant (inclusive), ISO 8601.',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description: 'Up to this instant (exclusive), ISO 8601.',
    example: '2026-02-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditListQueryDto extends IntersectionType(AuditFilterDto, PageQueryDto) {}

export class AuditExportQueryDto extends AuditFilterDto {
  @ApiPropertyOptional({ enum: ['jsonl', 'csv'], default: 'jsonl', example: 'csv' })
  @IsOptional()
  @IsIn(['jsonl', 'csv'])
  format?: 'jsonl' | 'csv';
}
