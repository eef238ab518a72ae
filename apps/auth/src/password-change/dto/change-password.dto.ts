import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiPropertyOptional({
    description:
      'The password in use now. May be left out right after a sign-in or POST /auth/step-up ' +
      '(within REAUTHENTICATION_MAX_AGE_S).',
    maxLength: 1024,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword?: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 128 })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Keep every other session signed in; by default they all end (this one stays).',
  })
  @IsOptional()
  @IsBoolean()
  keepOtherSessions?: boolean;
}
