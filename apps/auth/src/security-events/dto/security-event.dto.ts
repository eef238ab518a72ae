import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf, PageQueryDto } from '@orion/core';
import { IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { SecurityEventView } from '../security-event.types';

export class SecurityEventDto {
  @ApiProperty({ example: '7c1e2a44-1b2c-4d5e-8f90-123456789abc' })
  id!: string;

  @ApiProperty({ type: String, example: '10000000-0000-4000-8000-000000000001', nullable: true })
  userId!: string | null;

  @ApiProperty({ example: 'sign_in.new_device', description: 'Dotted event name.' })
  type!: string;

  @ApiProperty({ enum: ['info', 'warning', 'critical'], example: 'warning' })
  severity!: string;

  @ApiProperty({ type: String, example: '81.2.69.142', nullable: true })
  ipAddress!: string | null;

  @ApiProperty({ type: String, example: 'Mozilla/5.0 …', nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: String, example: null, nullable: true })
  deviceId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Details of the event; its members depend on the type.',
    example: { deviceName: 'Firefox on Linux', country: 'GB' },
  })
  metadata!: Record<string, unknown>;

  @ApiProperty({ example: '2026-11-26T15:00:00.000Z' })
  createdAt!: string;
}

export class SecurityEventPageDto extends PageOf(SecurityEventDto) {}

export class AdminSecurityEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '10000000-0000-4000-8000-000000000001' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: 'account.locked' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/)
  @MaxLength(64)
  type?: string;
}

export class OwnSecurityEventQueryDto extends PageQueryDto {}

export const toSecurityEventDto = (event: SecurityEventView): SecurityEventDto => ({
  ...event,
  createdAt: event.createdAt.toISOString(),
});
