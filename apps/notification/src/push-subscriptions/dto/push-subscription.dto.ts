import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { PushSubscriptionRecord } from '../push-subscriptions.types';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export class PushSubscriptionKeysDto {
  @ApiProperty({ description: "The browser's P-256 public key, base64url", maxLength: 255 })
  @IsString()
  @Matches(BASE64URL)
  @MaxLength(255)
  p256dh!: string;

  @ApiProperty({ description: 'The 16-byte auth secret, base64url', maxLength: 255 })
  @IsString()
  @Matches(BASE64URL)
  @MaxLength(255)
  auth!: string;
}

/** The body is exactly what the browser's PushSubscription.toJSON() returns. */
export class CreatePushSubscriptionDto {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/c1KrmpTuRm…', maxLength: 2048 })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  endpoint!: string;

  @ApiProperty({ type: PushSubscriptionKeysDto })
  // ValidateNested passes an absent value, so the required object needs its own check.
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PushSubscriptionKeysDto)
  keys!: PushSubscriptionKeysDto;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Epoch milliseconds, or null' })
  @IsOptional()
  @IsInt()
  expirationTime?: number | null;
}

export class PushSubscriptionParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subscriptionId!: string;
}

export class PushSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() endpoint!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expirationTime!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PushSubscriptionListDto {
  @ApiProperty({ type: [PushSubscriptionDto] }) items!: PushSubscriptionDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The VAPID public key to pass to pushManager.subscribe(); null when Web Push is not configured',
  })
  vapidPublicKey!: string | null;
}

export function toPushSubscriptionDto(s: PushSubscriptionRecord): PushSubscriptionDto {
  return {
    id: s.id,
    endpoint: s.endpoint,
    expirationTime: s.expirationTime?.toISOString() ?? null,
    userAgent: s.userAgent,
    lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}
