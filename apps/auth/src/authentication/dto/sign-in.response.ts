import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TokenPairResponse } from './token-pair.response';

export class MfaChallengeDto {
  @ApiProperty({ description: 'Present it to POST /auth/mfa/verify with the code.', example: 'mfa_2b7…' })
  challengeToken!: string;

  @ApiProperty({ example: ['totp', 'backup_code'], type: [String] })
  methods!: string[];

  @ApiProperty({ example: '2026-11-26T15:05:00.000Z' })
  expiresAt!: string;
}

/**
 * Either tokens (status authenticated, the members of a token pair) or a second-factor challenge
 * (status mfa_required, only `mfa`).
 */
export class SignInResponse extends TokenPairResponse {
  @ApiProperty({ enum: ['authenticated', 'mfa_required'], example: 'authenticated' })
  status!: 'authenticated' | 'mfa_required';

  @ApiPropertyOptional({ type: MfaChallengeDto, description: 'Only when status is mfa_required.' })
  mfa?: MfaChallengeDto;
}
