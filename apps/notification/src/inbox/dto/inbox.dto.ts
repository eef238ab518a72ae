import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_PRIORITIES } from '@orion/contracts';
import { PageOf, PageQueryDto } from '@orion/core';
import { IsIn, IsOptional } from 'class-validator';
import { INBOX_VIEWS, InboxView } from '../inbox.types';

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: INBOX_VIEWS,
    default: 'all',
    description: 'unread and read leave archived items out; archived shows only those; all shows everything.',
  })
  @IsOptional()
  @IsIn(INBOX_VIEWS)
  view: InboxView = 'all';
}

export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'New sign-in' }) title!: string | null;
  @ApiProperty({ example: 'Someone signed in to your account from Firefox on Linux.' }) body!: string;
  @ApiProperty({ type: String, nullable: true, example: 'SECURITY' }) category!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { url: '/settings/security' },
    description: 'Whatever the sender attached for the front end.',
  })
  payload!: Record<string, unknown>;
  @ApiProperty({ enum: NOTIFICATION_PRIORITIES }) priority!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) readAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) archivedAt!: Date | null;
}

export class InboxPageDto extends PageOf(InboxItemDto) {}

export class UnreadCountDto {
  @ApiProperty({ example: 3, description: 'Unread items that are not archived.' }) unread!: number;
}

export class ReadAllDto {
  @ApiProperty({ example: 3, description: 'Items this request marked as read.' }) updated!: number;
}
