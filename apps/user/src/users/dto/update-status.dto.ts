import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { UserStatus } from '../users.types';

/** Statuses an administrator may set; PENDING_VERIFICATION only ends with a verified address. */
export const SETTABLE_STATUSES = [
  'ACTIVE',
  'SUSPENDED',
  'LOCKED',
  'DEACTIVATED',
] as const satisfies UserStatus[];

export class UpdateStatusDto {
  @ApiProperty({ enum: SETTABLE_STATUSES, example: 'SUSPENDED' })
  @IsIn(SETTABLE_STATUSES)
  status!: (typeof SETTABLE_STATUSES)[number];

  @ApiPropertyOptional({ example: 'Chargeback under investigation', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
