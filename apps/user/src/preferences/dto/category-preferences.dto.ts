import { ApiPropertyOptional } from '@nestjs/swagger';
import { PERSONAL_CHANNELS } from '@orion/contracts';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsLocale, IsTimeZone } from './preference-validators';

/** Users write channel names in lowercase. */
const PREFERRED_CHANNELS = PERSONAL_CHANNELS.map((channel) => channel.toLowerCase());

export class PrivacyPreferencesDto {
  @ApiPropertyOptional({ enum: ['public', 'members', 'private'], example: 'members' })
  @IsOptional()
  @IsIn(['public', 'members', 'private'])
  profileVisibility?: string;

  @ApiPropertyOptional({ example: true, description: 'Others may find you in searches.' })
  @IsOptional()
  @IsBoolean()
  searchable?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  shareUsageData?: boolean;
}

export class DisplayPreferencesDto {
  @ApiPropertyOptional({ enum: ['light', 'dark', 'system'], example: 'system' })
  @IsOptional()
  @IsIn(['light', 'dark', 'system'])
  theme?: string;

  @ApiPropertyOptional({ enum: ['compact', 'comfortable'], example: 'comfortable' })
  @IsOptional()
  @IsIn(['compact', 'comfortable'])
  density?: string;

  @ApiPropertyOptional({ example: '/dashboard', description: 'A path inside the product.' })
  @IsOptional()
  @Matches(/^\/[A-Za-z0-9/_-]*$/, { message: 'startPage must be a path such as /dashboard' })
  @MaxLength(200)
  startPage?: string;
}

export class AccessibilityPreferencesDto {
  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  reducedMotion?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  highContrast?: boolean;

  @ApiPropertyOptional({ example: 1.1, minimum: 0.5, maximum: 3 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(3)
  fontScale?: number;
}

export class CommunicationPreferencesDto {
  @ApiPropertyOptional({ example: false, description: 'Consent to marketing messages.' })
  @IsOptional()
  @IsBoolean()
  marketing?: boolean;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  productUpdates?: boolean;

  @ApiPropertyOptional({ enum: PREFERRED_CHANNELS, example: 'email' })
  @IsOptional()
  @IsIn(PREFERRED_CHANNELS)
  preferredChannel?: string;
}

export class SecurityPreferencesDto {
  @ApiPropertyOptional({ example: true, description: 'Tell me about new sign-ins.' })
  @IsOptional()
  @IsBoolean()
  signInAlerts?: boolean;

  @ApiPropertyOptional({ example: 120, minimum: 5, maximum: 43200 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(43200)
  sessionTimeoutMinutes?: number;
}

export class LocalizationPreferencesDto {
  @ApiPropertyOptional({ example: 'de-AT' })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @ApiPropertyOptional({ example: 'Europe/Vienna' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ example: 'dd.MM.yyyy', description: 'Unicode date pattern.' })
  @IsOptional()
  @Matches(/^[dMyEHhmsa .,/:'-]{1,32}$/, { message: 'dateFormat must be a date pattern such as yyyy-MM-dd' })
  dateFormat?: string;

  @ApiPropertyOptional({ example: 'de', description: 'Language tag whose number format to use.' })
  @IsOptional()
  @IsLocale()
  numberFormat?: string;
}
