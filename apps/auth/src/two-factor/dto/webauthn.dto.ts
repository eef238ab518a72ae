import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class WebAuthnRegistrationDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The RegistrationResponseJSON of navigator.credentials.create() (PublicKeyCredential.toJSON()).',
  })
  @IsObject()
  response!: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'YubiKey 5C', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label?: string;
}

export class RenameCredentialDto {
  @ApiProperty({ example: 'Backup key in the drawer', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'label must not be blank' })
  label!: string;
}

export class CredentialParamsDto {
  @ApiProperty({ example: '5b0f6a52-9f43-4c55-8d1e-1f0a2b3c4d5e' })
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'id must be a UUID' })
  id!: string;
}

export class WebAuthnCredentialDto {
  @ApiProperty({ example: '5b0f6a52-9f43-4c55-8d1e-1f0a2b3c4d5e' })
  id!: string;

  @ApiProperty({ type: String, example: 'YubiKey 5C', nullable: true })
  label!: string | null;

  @ApiProperty({ type: [String], example: ['usb', 'nfc'] })
  transports!: string[];

  @ApiProperty({ example: '2026-11-01T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, example: '2026-11-26T15:00:00.000Z', nullable: true })
  lastUsedAt!: string | null;
}

export class WebAuthnCredentialListDto {
  @ApiProperty({ type: [WebAuthnCredentialDto] })
  items!: WebAuthnCredentialDto[];
}

export class WebAuthnRegisteredDto {
  @ApiProperty({ type: WebAuthnCredentialDto })
  credential!: WebAuthnCredentialDto;

  @ApiPropertyOptional({ type: [String], description: 'Recovery codes, when this was the first factor.' })
  backupCodes?: string[];
}
