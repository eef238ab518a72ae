import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PREFERENCE_CATEGORIES, PreferenceCategory } from '../preferences.types';
import {
  AccessibilityPreferencesDto,
  CommunicationPreferencesDto,
  DisplayPreferencesDto,
  LocalizationPreferencesDto,
  PrivacyPreferencesDto,
  SecurityPreferencesDto,
} from './category-preferences.dto';
import { NotificationPreferencesDto } from './notification-preferences.dto';

/** Every category at once; a category left out is reset to its defaults (an empty document). */
export class PreferencesDto {
  @ApiPropertyOptional({ type: NotificationPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationPreferencesDto)
  notifications?: NotificationPreferencesDto;
  @ApiPropertyOptional({ type: PrivacyPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PrivacyPreferencesDto)
  privacy?: PrivacyPreferencesDto;
  @ApiPropertyOptional({ type: DisplayPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DisplayPreferencesDto)
  display?: DisplayPreferencesDto;
  @ApiPropertyOptional({ type: AccessibilityPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AccessibilityPreferencesDto)
  accessibility?: AccessibilityPreferencesDto;
  @ApiPropertyOptional({ type: CommunicationPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CommunicationPreferencesDto)
  communication?: CommunicationPreferencesDto;
  @ApiPropertyOptional({ type: SecurityPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SecurityPreferencesDto)
  security?: SecurityPreferencesDto;
  @ApiPropertyOptional({ type: LocalizationPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocalizationPreferencesDto)
  localization?: LocalizationPreferencesDto;
}

export class PreferencesResponse extends PreferencesDto {
  @ApiProperty({ example: 3, description: 'Send it back in If-Match to change the preferences.' })
  version!: number;
}

export class PreferenceCategoryParam {
  @ApiProperty({ enum: PREFERENCE_CATEGORIES, example: 'notifications' })
  @IsIn(PREFERENCE_CATEGORIES)
  category!: PreferenceCategory;
}

/** One category of another user's preferences. */
export class UserPreferenceCategoryParam extends PreferenceCategoryParam {
  @ApiProperty({ example: '5f8d0d55-8b1e-4d7a-9c55-0f3f1c7a2b10' })
  @IsUUID()
  userId!: string;
}

export class PreferenceCategoryResponse {
  @ApiProperty({ enum: PREFERENCE_CATEGORIES, example: 'display' })
  category!: PreferenceCategory;

  @ApiProperty({ example: 3 })
  version!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { theme: 'dark', density: 'compact' },
    description: 'The category as stored; its members are those of the category in PreferencesDto.',
  })
  settings!: Record<string, unknown>;
}
