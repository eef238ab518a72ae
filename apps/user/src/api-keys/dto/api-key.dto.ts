import { PageOf } from '@orion/core';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { ApiKeyView, IssuedApiKey } from '../api-keys.types';

export class ApiKeyDto {
  @ApiProperty({ example: '3fa85f64-5717-4562-b3fc-2c963f66afa6' })
  id!: string;

  @ApiProperty({ example: 'CI deploy bot' })
  name!: string;

  @ApiProperty({ description: 'Start of the key, to recognise it; not a secret.', example: 'orn_3fa9c2d1e0' })
  prefix!: string;

  @ApiProperty({ example: ['users:read'], type: [String] })
  scopes!: string[];

  @ApiProperty({ enum: ['active', 'expired', 'revoked'], example: 'active' })
  state!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-01-15T09:30:00.000Z' })
  lastUsedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2027-01-01T00:00:00.000Z' })
  expiresAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  revokedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The replacement, when this key was rotated.',
    example: null,
  })
  rotatedTo!: string | null;

  @ApiProperty({ example: '2026-01-01T08:00:00.000Z' })
  createdAt!: string;
}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    description: 'The key itself. Shown only in this response: store it now.',
    example: 'orn_3fa9c2d1e0_Q2hhbmdlIG1lIGJlZm9yZSB1c2luZyBpbiBwcm9kdWN0aW9uIQ',
  })
  key!: string;
}

export function toApiKeyDto(key: ApiKeyView): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.keyPrefix,
    scopes: key.scopes,
    state: key.state,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    rotatedTo: key.rotatedTo,
    createdAt: key.createdAt.toISOString(),
  };
}

export function toIssuedApiKeyDto(key: IssuedApiKey): IssuedApiKeyDto {
  return { ...toApiKeyDto(key), key: key.key };
}

/** The key sent in X-API-Key, as its holder sees it. */
export class ApiKeySelfDto extends ApiKeyDto {
  @ApiProperty({
    description: 'What the key may use now: its scopes that its owner holds at this moment.',
    example: ['users:read'],
    type: [String],
  })
  effectiveScopes!: string[];
}

export class ApiKeyListDto extends PageOf(ApiKeyDto) {}

export class ApiKeyParamsDto {
  @ApiProperty({ example: '3fa85f64-5717-4562-b3fc-2c963f66afa6' })
  @IsUUID()
  keyId!: string;
}

export class UserApiKeyParamsDto extends ApiKeyParamsDto {
  @ApiProperty({ example: '10000000-0000-4000-8000-000000000002' })
  @IsUUID()
  userId!: string;
}

export class ApiKeyOwnerParamsDto {
  @ApiProperty({ example: '10000000-0000-4000-8000-000000000002' })
  @IsUUID()
  userId!: string;
}
