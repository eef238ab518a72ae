import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@orion/core';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { USER_STATUSES } from '@orion/contracts';
import type { UserStatus } from '../users.types';

export class ListUsersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: USER_STATUSES, example: 'SUSPENDED' })
  @IsOptional()
  @IsIn(USER_STATUSES)
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
    description: 'Deleted accounts; deleted and all include erased ones (erasedAt set).',
  })
  @IsOptional()
  @IsIn(['live', 'deleted', 'all'])
  deleted: 'live' | 'deleted' | 'all' = 'live';
}
