import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PresentedPasswordField } from '@orion/core';
import { IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';

/** What a client may use as its device id: a random value it keeps, e.g. a UUID. */
export const DEVICE_ID_FORMAT = /^[A-Za-z0-9._:-]{8,128}$/;

export class SignInDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @PresentedPasswordField({ example: 'correct horse battery staple' })
  password!: string;

  @ApiPropertyOptional({
    example: '3f0c9a1e-6c1d-4c1b-9a8e-0d2f5b7c9e11',
    description:
      'A random id the client generated once and keeps (also accepted as the X-Device-Id header). ' +
      'Recognises the device across sign-ins; only its hash is stored.',
  })
  @IsOptional()
  @Matches(DEVICE_ID_FORMAT, { message: 'deviceId must be 8-128 letters, digits or ._:-' })
  deviceId?: string;
}
