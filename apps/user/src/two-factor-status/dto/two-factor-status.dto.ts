import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { TwoFactorStatus } from '../two-factor-status.types';

class TwoFactorMethodsDto {
  @ApiProperty({ example: true })
  totp!: boolean;

  @ApiProperty({ example: false })
  sms!: boolean;

  @ApiProperty({ example: false })
  email!: boolean;

  @ApiProperty({ example: true })
  webauthn!: boolean;
}

export class TwoFactorStatusDto {
  @ApiProperty({ description: 'At least one second factor is enabled', example: true })
  enabled!: boolean;

  @ApiProperty({ type: TwoFactorMethodsDto })
  methods!: TwoFactorMethodsDto;

  @ApiProperty({ example: 9 })
  backupCodesRemaining!: number;

  @ApiProperty({ description: 'An administrator requires this user to enrol', example: false })
  required!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the auth service last reported a change; null if it never has',
    example: '2026-11-26T10:15:00.000Z',
  })
  syncedAt!: string | null;
}

export function toTwoFactorStatusDto(status: TwoFactorStatus): TwoFactorStatusDto {
  return { ...status, syncedAt: status.syncedAt?.toISOString() ?? null };
}

export class TwoFactorUserParamsDto {
  @ApiProperty({ format: 'uuid', example: '10000000-0000-4000-8000-000000000002' })
  @IsUUID()
  userId!: string;
}
