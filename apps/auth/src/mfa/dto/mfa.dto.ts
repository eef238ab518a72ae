import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { SignInResponse } from '../../authentication/dto/sign-in.response';
import { MFA_METHODS } from '../../two-factor/two-factor.types';

const CHALLENGE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class ChallengeTokenDto {
  @ApiProperty({
    example: 'q2Xn0mB6l8y1cQjv5S3fPz9kWd4rTa7uHe0iGx2oLbM',
    description: 'From the sign-in answer.',
  })
  @Matches(CHALLENGE_TOKEN, { message: 'challengeToken is not a challenge token' })
  challengeToken!: string;
}

export class SendCodeDto extends ChallengeTokenDto {
  @ApiProperty({ enum: ['sms', 'email'], example: 'email' })
  @IsIn(['sms', 'email'])
  method!: 'sms' | 'email';
}

export class CodeSentToChallengeDto {
  @ApiProperty({ enum: ['sms', 'email'], example: 'email' })
  method!: string;

  @ApiProperty({ example: '2026-11-26T15:05:00.000Z' })
  expiresAt!: string;
}

export class VerifyMfaDto extends ChallengeTokenDto {
  @ApiProperty({ enum: MFA_METHODS, example: 'totp' })
  @IsIn(MFA_METHODS)
  method!: (typeof MFA_METHODS)[number];

  @ApiPropertyOptional({
    example: '492039',
    description:
      'totp, sms, email: 6 digits; backup_code: one of the recovery codes (any case; spaces and dashes optional).',
  })
  @ValidateIf((body: VerifyMfaDto) => body.method !== 'webauthn')
  @IsString()
  @MaxLength(64)
  code?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'webauthn: the AuthenticationResponseJSON of navigator.credentials.get().',
  })
  @ValidateIf((body: VerifyMfaDto) => body.method === 'webauthn')
  @IsObject()
  credential?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: true,
    description:
      'Trust this device: the answer carries a deviceToken (and sets the orion_device cookie) that ' +
      'skips the second factor on later sign-ins for MFA_TRUSTED_DEVICE_TTL_S.',
  })
  @IsOptional()
  @IsBoolean()
  trustDevice?: boolean;
}

export class MfaVerifiedResponse extends SignInResponse {
  @ApiPropertyOptional({
    example: 'Yk3q0Jm1yq2m5v3h2lQ4W8xNfVbT0sZcR7dPaE6uHiI',
    description:
      'Only with trustDevice: the device token, shown once. Send it as X-Device-Token on sign-in ' +
      '(browsers get it as an HttpOnly, Secure, SameSite=Strict cookie instead). Only its hash is kept.',
  })
  deviceToken?: string;
}
