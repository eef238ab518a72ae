import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { IsTimeZone } from './preference-validators';

/** How often a category's notifications go out; `never` mutes it. */
export const NOTIFICATION_FREQUENCIES = ['immediate', 'hourly', 'daily', 'weekly', 'never'] as const;
const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** On or off per channel (the notification service's seven); a channel left out keeps its default. */
export class ChannelSwitchesDto {
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() EMAIL?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() SMS?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() PUSH?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() IN_APP?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() WEBHOOK?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() SLACK?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() DISCORD?: boolean;
}

export class CategoryNotificationDto {
  @ApiPropertyOptional({ type: ChannelSwitchesDto, example: { EMAIL: true, PUSH: false } })
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelSwitchesDto)
  channels!: ChannelSwitchesDto;

  @ApiPropertyOptional({ enum: NOTIFICATION_FREQUENCIES, example: 'daily' })
  @IsIn(NOTIFICATION_FREQUENCIES)
  frequency!: (typeof NOTIFICATION_FREQUENCIES)[number];
}

/** One entry per template category of the notification service. */
export class NotificationCategoriesDto {
  @ApiPropertyOptional({ type: CategoryNotificationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryNotificationDto)
  AUTHENTICATION?: CategoryNotificationDto;
  @ApiPropertyOptional({ type: CategoryNotificationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryNotificationDto)
  ACCOUNT?: CategoryNotificationDto;
  @ApiPropertyOptional({ type: CategoryNotificationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryNotificationDto)
  SECURITY?: CategoryNotificationDto;
  @ApiPropertyOptional({ type: CategoryNotificationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryNotificationDto)
  BILLING?: CategoryNotificationDto;
  @ApiPropertyOptional({ type: CategoryNotificationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryNotificationDto)
  MARKETING?: CategoryNotificationDto;
  @ApiPropertyOptional({ type: CategoryNotificationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryNotificationDto)
  SYSTEM?: CategoryNotificationDto;
}

/** No notifications between start and end (24-hour HH:mm; may span midnight), except critical ones. */
export class QuietHoursDto {
  @ApiPropertyOptional({ example: '22:00' })
  @Matches(HH_MM, { message: 'start must be HH:mm' })
  start!: string;

  @ApiPropertyOptional({ example: '07:00' })
  @Matches(HH_MM, { message: 'end must be HH:mm' })
  end!: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'Defaults to the localization time zone.' })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timeZone?: string;
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({
    type: NotificationCategoriesDto,
    example: {
      SECURITY: { channels: { EMAIL: true, PUSH: true }, frequency: 'immediate' },
      MARKETING: { channels: { EMAIL: false }, frequency: 'weekly' },
    },
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationCategoriesDto)
  categories?: NotificationCategoriesDto;

  @ApiPropertyOptional({ type: QuietHoursDto, example: { start: '22:00', end: '07:00' } })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto;
}
