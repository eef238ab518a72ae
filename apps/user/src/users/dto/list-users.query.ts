import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@orion/core';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { UserStatus } from '../user.types';

const STATUSES: UserStatus[] = [
  'PENDING_VERIFICATION',
  'ACTIVE',
  'SUSPENDED',
  'LOCKED',
  'DEACTIVATED',
  'DELETED',
];

export class ListUsersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, example: 'SUSPENDED' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional({ example: 'lovelace', description: 'Part of the e-mail, username or a name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'Created at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'Created before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({
    enum: ['live', 'deleted', 'all'],
    default: 'live',
    description: 'Soft-deleted accounts.',
  })
  @IsOptional()
  @IsIn(['live', 'deleted', 'all'])
  deleted: 'live' | 'deleted' | 'all' = 'live';
}
