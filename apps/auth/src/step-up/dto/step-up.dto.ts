import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PresentedPasswordField } from '@orion/core';
import { IsIn, IsObject, IsString, Matches, ValidateIf } from 'class-validator';

export const STEP_UP_METHODS = ['password', 'totp', 'webauthn', 'sms', 'email'] as const;
export type StepUpMethod = (typeof STEP_UP_METHODS)[number];

export class StepUpDto {
  @ApiProperty({ enum: STEP_UP_METHODS, example: 'password' })
  @IsIn(STEP_UP_METHODS)
  method!: StepUpMethod;

  @PresentedPasswordField({ required: false, description: 'With method "password": the account password.' })
  @ValidateIf((body: StepUpDto) => body.method === 'password')
  password?: string;

  @ApiPropertyOptional({
    example: '492039',
    description: 'totp: a current code from the app; sms, email: the code POST /auth/step-up/code sent.',
  })
  @ValidateIf((body: StepUpDto) => ['totp', 'sms', 'email'].includes(body.method))
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'webauthn: the AuthenticationResponseJSON of navigator.credentials.get() for the options of ' +
      'POST /auth/step-up/webauthn/options.',
  })
  @ValidateIf((body: StepUpDto) => body.method === 'webauthn')
  @IsObject()
  credential?: Record<string, unknown>;
}

export class StepUpCodeDto {
  @ApiProperty({ enum: ['sms', 'email'], example: 'sms' })
  @IsIn(['sms', 'email'])
  method!: 'sms' | 'email';
}

export class StepUpCodeSentDto {
  @ApiProperty({ enum: ['sms', 'email'], example: 'sms' })
  method!: string;

  @ApiProperty({ example: '2026-12-03T12:05:00.000Z' })
  expiresAt!: string;
}

export class StepUpResponse {
  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({
    description:
      'A new access token for the same session, carrying the fresh auth_time and amr; use it for ' +
      'the sensitive request. The refresh token stays as it was; later refreshes keep the new values.',
  })
  accessToken!: string;

  @ApiProperty({ example: 600 })
  expiresIn!: number;

  @ApiProperty({ example: '5e1d7c52-4c7e-4f0a-a3a1-8a2b0f6e4d11' })
  sessionId!: string;

  @ApiProperty({ example: '2026-12-03T12:00:00.000Z', description: 'auth_time of the new token.' })
  authenticatedAt!: string;

  @ApiProperty({ example: ['pwd'], description: 'amr of the new token (RFC 8176).' })
  amr!: string[];

  @ApiProperty({
    example: '2026-12-03T12:05:00.000Z',
    description: 'Sensitive changes are accepted until then (REAUTHENTICATION_MAX_AGE_S).',
  })
  recentUntil!: string;
}
