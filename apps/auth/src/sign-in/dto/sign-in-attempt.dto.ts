import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf, PageQueryDto } from '@orion/core';
import { IsOptional, IsUUID } from 'class-validator';
import { LoginAttemptView } from '../sign-in.types';

export class SignInAttemptDto {
  @ApiProperty({ example: '9d2c1f0e-1111-4a2b-8c3d-4e5f6a7b8c9d' })
  id!: string;

  @ApiProperty({ enum: ['SUCCESS', 'FAILED', 'BLOCKED', 'MFA_REQUIRED'], example: 'BLOCKED' })
  status!: string;

  @ApiProperty({ type: String, example: 'risk_too_high', nullable: true })
  failureReason!: string | null;

  @ApiProperty({ example: 'password' })
  method!: string;

  @ApiProperty({ example: '8.8.8.8' })
  ipAddress!: string;

  @ApiProperty({ type: String, example: 'US', nullable: true })
  country!: string | null;

  @ApiProperty({ type: String, example: 'Mozilla/5.0 …', nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: String, example: null, nullable: true })
  deviceId!: string | null;

  @ApiProperty({
    type: Number,
    example: 90,
    nullable: true,
    description: 'Null when the attempt never got past the password.',
  })
  riskScore!: number | null;

  @ApiProperty({ example: ['new_country', 'impossible_travel'], type: [String] })
  riskReasons!: string[];

  @ApiProperty({ example: '2026-11-26T15:00:00.000Z' })
  createdAt!: string;
}

/** The administrators' view adds whose attempt it was and what was typed. */
export class AdminSignInAttemptDto extends SignInAttemptDto {
  @ApiProperty({ type: String, example: '10000000-0000-4000-8000-000000000001', nullable: true })
  userId!: string | null;

  @ApiProperty({ example: 'ada@example.com' })
  identifier!: string;
}

export class SignInAttemptPageDto extends PageOf(SignInAttemptDto) {}
export class AdminSignInAttemptPageDto extends PageOf(AdminSignInAttemptDto) {}

export class AdminSignInAttemptQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '10000000-0000-4000-8000-000000000001' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export const toSignInAttemptDto = (attempt: LoginAttemptView): SignInAttemptDto => ({
  id: attempt.id,
  status: attempt.status,
  failureReason: attempt.failureReason,
  method: attempt.method,
  ipAddress: attempt.ipAddress,
  country: attempt.country,
  userAgent: attempt.userAgent,
  deviceId: attempt.deviceId,
  riskScore: attempt.riskScore,
  riskReasons: attempt.riskReasons,
  createdAt: attempt.createdAt.toISOString(),
});

export const toAdminSignInAttemptDto = (attempt: LoginAttemptView): AdminSignInAttemptDto => ({
  ...toSignInAttemptDto(attempt),
  userId: attempt.userId,
  identifier: attempt.identifier,
});
