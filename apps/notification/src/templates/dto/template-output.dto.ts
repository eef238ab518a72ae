import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS } from '@orion/contracts';
import { PageOf } from '@orion/core';
import { TEMPLATE_CATEGORIES } from '../templates.types';
import type { LocalizedContent } from '../templates.types';
import { LOCALIZED_CONTENT_SCHEMA } from './template-content.schema';
import { TemplateDraftDto, TemplateVariableDto } from './template-input.dto';

export class TemplateVersionDto {
  @ApiProperty({ example: 3 })
  version!: number;

  @ApiProperty({ type: [TemplateVariableDto] })
  variables!: TemplateVariableDto[];

  @ApiProperty({ ...LOCALIZED_CONTENT_SCHEMA, example: { en: { SMS: { text: 'Hi {{name}}' } } } })
  content!: LocalizedContent;

  @ApiProperty({ type: Number, nullable: true, description: 'The version this one re-published', example: 1 })
  restoredFrom!: number | null;

  @ApiProperty({ type: String, nullable: true, example: '10000000-0000-4000-8000-000000000001' })
  publishedById!: string | null;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  publishedAt!: Date;
}

export class TemplateDto {
  @ApiProperty({ example: '40000000-0000-4000-8000-000000000001' })
  id!: string;

  @ApiProperty({ example: 'account.welcome' })
  key!: string;

  @ApiProperty({ enum: TEMPLATE_CATEGORIES })
  category!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ example: 'en' })
  defaultLocale!: string;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true })
  defaultChannels!: string[];

  @ApiProperty({
    description:
      'Sends a secret or a security alert: changed only with templates:manage-system, never deleted; ' +
      'its secret is placed by the service where the content says [[secret]]',
  })
  system!: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Version sends use; null before the first publish',
    example: 2,
  })
  activeVersion!: number | null;

  @ApiProperty({ type: TemplateDraftDto, nullable: true })
  draft!: TemplateDraftDto | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export class TemplateDetailDto extends TemplateDto {
  @ApiProperty({ type: [TemplateVersionDto], description: 'Every published version, newest first' })
  versions!: TemplateVersionDto[];
}

export class TemplatePageDto extends PageOf(TemplateDto) {}

export class RenderedContentDto {
  @ApiProperty()
  templateId!: string;

  @ApiProperty({ description: 'Rendered version; 0 for the draft', example: 2 })
  version!: number;

  @ApiProperty({ description: 'Locale chosen by the fallback chain', example: 'de' })
  locale!: string;

  @ApiProperty({ example: 'ACCOUNT' })
  category!: string;

  @ApiPropertyOptional()
  subject?: string;

  @ApiProperty({ description: 'Plain text (SMS, e-mail text part, push and in-app body; JSON of a payload)' })
  text!: string;

  @ApiPropertyOptional({ description: 'E-mail HTML, variables escaped' })
  html?: string;

  @ApiPropertyOptional()
  title?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'SLACK, DISCORD, WEBHOOK: the JSON payload with every string rendered',
  })
  payload?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Declared secrets among the variables', example: ['code'] })
  sensitiveVariables?: string[];
}
