import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '@orion/core';
import { IsBoolean, IsOptional, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import type { IssuedWebhookEndpoint, WebhookEndpoint } from '../webhook-endpoints.service';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://hooks.example.com/orion', maxLength: 2048 })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ example: 'Billing system', maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ example: 'https://hooks.example.com/orion', maxLength: 2048 })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;

  @ApiPropertyOptional({ description: 'A disabled endpoint receives nothing; sends to it fail permanently.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookEndpointParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  endpointId!: string;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Until then the secret before the last rotation still signs beside the new one',
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdById!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description:
      'The user it belongs to (the creator, or the API key owner); null for an endpoint nobody owns',
  })
  ownerId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class IssuedWebhookEndpointDto extends WebhookEndpointDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The Standard Webhooks signing secret; shown in this response only',
  })
  secret!: string;
}

export class WebhookEndpointPageDto extends PageOf(WebhookEndpointDto) {}

export function toWebhookEndpointDto(endpoint: WebhookEndpoint): WebhookEndpointDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    enabled: endpoint.enabled,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    createdById: endpoint.createdById,
    ownerId: endpoint.ownerId,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function toIssuedWebhookEndpointDto(endpoint: IssuedWebhookEndpoint): IssuedWebhookEndpointDto {
  return { ...toWebhookEndpointDto(endpoint), secret: endpoint.secret };
}
