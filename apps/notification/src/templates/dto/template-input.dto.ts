import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS } from '@orion/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@orion/core';
import { TEMPLATE_CATEGORIES, VARIABLE_TYPES } from '../templates.types';
import type { LocalizedContent, TemplateCategory, VariableType } from '../templates.types';
import { ANY_JSON_SCHEMA, LOCALIZED_CONTENT_SCHEMA } from './template-content.schema';
import type { Channel } from '../../notifications/notifications.types';

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const CONTENT_EXAMPLE = {
  en: {
    EMAIL: {
      subject: 'Your invoice {{number}}',
      text: 'Amount: {{amount}}',
      html: '<p>Amount: {{amount}}</p>',
    },
    SMS: { text: 'Invoice {{number}}: {{amount}}' },
  },
  de: { EMAIL: { subject: 'Ihre Rechnung {{number}}', text: 'Betrag: {{amount}}' } },
};

export class TemplateVariableDto {
  @ApiProperty({ example: 'amount' })
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
    message: 'name must be a plain identifier (letters, digits, _)',
  })
  name!: string;

  @ApiProperty({ enum: VARIABLE_TYPES, example: 'number' })
  @IsIn(VARIABLE_TYPES)
  type!: VariableType;

  @ApiProperty({ example: true })
  @IsBoolean()
  required!: boolean;

  @ApiPropertyOptional({ example: 'Total of the invoice' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ ...ANY_JSON_SCHEMA, description: 'Value previews use', example: 42.5 })
  @IsOptional()
  sample?: unknown;

  @ApiPropertyOptional({
    description:
      'A secret (one-time code, link with a token): listed in sensitiveVariables of what is rendered',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  sensitive?: boolean;
}

/** The editable part of a template: declared variables and content by locale and channel. */
export class TemplateDraftDto {
  @ApiProperty({ type: [TemplateVariableDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariableDto)
  variables!: TemplateVariableDto[];

  @ApiProperty({ ...LOCALIZED_CONTENT_SCHEMA, example: CONTENT_EXAMPLE })
  @IsObject()
  content!: LocalizedContent;
}

class TemplateSettingsDto {
  @ApiPropertyOptional({ nullable: true, example: 'Sent when an invoice is issued' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ description: 'Last step of the locale fallback chain', example: 'en' })
  @IsOptional()
  @Matches(LOCALE, { message: 'defaultLocale must be a BCP 47 tag such as en or pt-BR' })
  @MaxLength(35)
  defaultLocale?: string;

  @ApiPropertyOptional({
    enum: NOTIFICATION_CHANNELS,
    isArray: true,
    description: 'Channels a send uses when it names none; empty: every channel with content',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS, { each: true })
  defaultChannels?: Channel[];
}

export class CreateTemplateDto extends TemplateSettingsDto {
  @ApiProperty({ example: 'billing.invoice-issued' })
  @Matches(/^[a-z0-9]+([.-][a-z0-9]+)*$/, {
    message: 'key must be lower-case words separated by dots or dashes, e.g. billing.invoice-issued',
  })
  @MaxLength(100)
  key!: string;

  @ApiProperty({ enum: TEMPLATE_CATEGORIES, example: 'BILLING' })
  @IsIn(TEMPLATE_CATEGORIES)
  category!: TemplateCategory;

  @ApiProperty({ type: [TemplateVariableDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariableDto)
  variables!: TemplateVariableDto[];

  @ApiProperty({ ...LOCALIZED_CONTENT_SCHEMA, example: CONTENT_EXAMPLE })
  @IsObject()
  content!: LocalizedContent;
}

export class UpdateTemplateDraftDto extends TemplateSettingsDto {
  @ApiPropertyOptional({ enum: TEMPLATE_CATEGORIES })
  @IsOptional()
  @IsIn(TEMPLATE_CATEGORIES)
  category?: TemplateCategory;

  @ApiPropertyOptional({ type: TemplateDraftDto, description: 'Replaces the draft' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateDraftDto)
  draft?: TemplateDraftDto;
}

export class PreviewTemplateDto {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'EMAIL' })
  @IsIn(NOTIFICATION_CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ example: 'de-AT', description: 'Falls back to de, then the default locale' })
  @IsOptional()
  @Matches(LOCALE, { message: 'locale must be a BCP 47 tag such as en or de-AT' })
  @MaxLength(35)
  locale?: string;

  @ApiPropertyOptional({ example: 2, description: 'A published version; default the active one' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ description: 'Render the unpublished draft', example: false })
  @IsOptional()
  @IsBoolean()
  draft?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Merged over the declared sample values',
    example: { amount: 12 },
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}

export class TemplateListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TEMPLATE_CATEGORIES })
  @IsOptional()
  @IsIn(TEMPLATE_CATEGORIES)
  category?: TemplateCategory;
}
