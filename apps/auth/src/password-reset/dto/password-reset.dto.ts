import { ApiProperty } from '@nestjs/swagger';
import { NewPasswordField } from '@orion/core';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;
}

export class PasswordResetAcceptedDto {
  @ApiProperty({ example: 'reset_requested' })
  status!: 'reset_requested';

  @ApiProperty({ example: 'If an account uses this address, a link to choose a new password is on its way.' })
  message!: string;
}

export class ConfirmPasswordResetDto {
  @ApiProperty({ description: 'The token from the e-mailed link (43 characters, base64url).' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,128}$/, { message: 'token is malformed' })
  token!: string;

  @NewPasswordField()
  password!: string;
}
