import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CodeDto {
  @ApiProperty({ example: '492039', description: 'The 6-digit code from the app or the message.' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class StartTotpDto {
  @ApiPropertyOptional({ example: 'Phone (Aegis)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label?: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ example: '5b0f6a52-9f43-4c55-8d1e-1f0a2b3c4d5e' })
  factorId!: string;

  @ApiProperty({
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    description: 'For typing in by hand; shown once.',
  })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Orion:ada%40example.com?secret=JBSW…&issuer=Orion' })
  otpauthUri!: string;

  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgo…', description: 'The URI as a QR code.' })
  qrCodeDataUrl!: string;
}

export class EnabledDto {
  @ApiProperty({ example: true })
  enabled!: true;

  @ApiPropertyOptional({
    type: [String],
    example: ['7K3M-ZQ9H-X2P4-RT6W-C8DN-V5BA', 'R8D4-TWN6-YA2C-9QXM-3HPK-0FJE'],
    description: 'Ten single-use recovery codes, when this was the first factor; shown only now.',
  })
  backupCodes?: string[];
}

export class StartSmsDto {
  @ApiProperty({ example: '+436641234567', description: 'E.164: a plus sign, country code, number.' })
  @IsString()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phoneNumber must be in E.164 form, e.g. +436641234567' })
  phoneNumber!: string;
}

export class CodeSentDto {
  @ApiProperty({ example: '5b0f6a52-9f43-4c55-8d1e-1f0a2b3c4d5e' })
  factorId!: string;

  @ApiProperty({ example: '2026-11-26T15:05:00.000Z', description: 'The code stops working then.' })
  expiresAt!: string;
}

export class BackupCodesDto {
  @ApiProperty({
    type: [String],
    example: ['7K3M-ZQ9H-X2P4-RT6W-C8DN-V5BA', 'R8D4-TWN6-YA2C-9QXM-3HPK-0FJE'],
    description: 'Shown only now.',
  })
  codes!: string[];
}

export class FactorDto {
  @ApiProperty({ example: '5b0f6a52-9f43-4c55-8d1e-1f0a2b3c4d5e' })
  id!: string;

  @ApiProperty({ enum: ['totp', 'webauthn', 'sms', 'email'], example: 'totp' })
  method!: string;

  @ApiProperty({ type: String, example: 'Authenticator app', nullable: true })
  label!: string | null;

  @ApiPropertyOptional({ example: '+43•••••••67', description: 'SMS: the number, mostly hidden.' })
  destination?: string;

  @ApiProperty({ example: '2026-11-01T09:00:00.000Z' })
  enabledAt!: string;

  @ApiProperty({ type: String, example: '2026-11-26T15:00:00.000Z', nullable: true })
  lastUsedAt!: string | null;
}

export class TwoFactorOverviewDto {
  @ApiProperty({ example: true, description: 'Whether sign-ins ask for a second factor.' })
  enabled!: boolean;

  @ApiProperty({ type: [String], example: ['totp', 'backup_code'] })
  methods!: string[];

  @ApiProperty({ type: [FactorDto] })
  factors!: FactorDto[];

  @ApiProperty({ example: 9, description: 'Unused backup codes.' })
  backupCodesLeft!: number;
}
