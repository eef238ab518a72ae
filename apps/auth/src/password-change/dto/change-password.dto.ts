import { ApiPropertyOptional } from '@nestjs/swagger';
import { NewPasswordField, PresentedPasswordField } from '@orion/core';
import { IsBoolean, IsOptional } from 'class-validator';

export class ChangePasswordDto {
  @PresentedPasswordField({
    required: false,
    description:
      'The password in use now. May be left out right after a sign-in or POST /auth/step-up ' +
      '(within REAUTHENTICATION_MAX_AGE_S).',
  })
  @IsOptional()
  currentPassword?: string;

  @NewPasswordField()
  newPassword!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Keep every other session signed in; by default they all end (this one stays).',
  })
  @IsOptional()
  @IsBoolean()
  keepOtherSessions?: boolean;
}
