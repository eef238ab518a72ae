import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, NOTIFICATION_PRIORITIES } from '@orion/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { Channel, Priority } from '../notifications.types';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** Either `userId`, or raw addresses (system mail, webhooks) — not both. */
export class RecipientDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A user: addresses, locale and status come from the user service.',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: 'ops@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '+351912345678', description: 'E.164' })
  @IsOptional()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phone must be an E.164 number such as +351912345678' })
  phone?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  webhookEndpointId?: string;

  @ApiPropertyOptional({
    example: 'https://hooks.example.com/orion',
    description: 'Refused (422 WEBHOOK_URL_NOT_REGISTERED): webhooks are signed, so register the URL first.',
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  webhookUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  slackWebhookUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  discordWebhookUrl?: string;
}

export class TemplateRefDto {
  @ApiProperty({ example: 'auth.password-reset' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  key!: string;

  @ApiPropertyOptional({ example: 'pt-BR', description: "Defaults to the user's locale, then en." })
  @IsOptional()
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { message: 'locale must be a BCP 47 tag such as pt-BR' })
  @MaxLength(35)
  locale?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'A published version; the active one when absent.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class InlineContentDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  subject?: string;

  @ApiPropertyOptional({ maxLength: 100_000 })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  text?: string;

  @ApiPropertyOptional({ maxLength: 500_000 })
  @IsOptional()
  @IsString()
  @MaxLength(500_000)
  html?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  title?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'WEBHOOK, SLACK, DISCORD body.',
  })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export class SendNotificationDto {
  @ApiProperty({ type: RecipientDto })
  // ValidateNested passes an absent value, so the required object needs its own check.
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient!: RecipientDto;

  @ApiPropertyOptional({ type: TemplateRefDto, description: 'A template, or `content`.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateRefDto)
  template?: TemplateRefDto;

  @ApiPropertyOptional({ type: InlineContentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => InlineContentDto)
  content?: InlineContentDto;

  @ApiPropertyOptional({
    enum: NOTIFICATION_CHANNELS,
    isArray: true,
    description:
      "One notification per channel; the template's channels (or the given addresses) when absent.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_CHANNELS.length)
  @IsIn(NOTIFICATION_CHANNELS, { each: true })
  channels?: Channel[];

  @ApiPropertyOptional({ enum: NOTIFICATION_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(NOTIFICATION_PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { firstName: 'Ana' } })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'ACCOUNT',
    description: 'Category for inline content (a template brings its own).',
  })
  @IsOptional()
  @IsIn(['AUTHENTICATION', 'ACCOUNT', 'SECURITY', 'BILLING', 'MARKETING', 'SYSTEM'])
  category?: string;

  @ApiPropertyOptional({ example: '2027-01-01T09:00:00Z', description: 'Send later (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  scheduledAt?: string;

  @ApiPropertyOptional({
    maxLength: 255,
    description:
      'The same key from the same caller never sends twice: the same request gets the first answer ' +
      'again (200), a different one 409 IDEMPOTENCY_KEY_REUSED.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  idempotencyKey?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  correlationId?: string;
}
