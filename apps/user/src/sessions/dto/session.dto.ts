import { PageOf } from '@orion/core';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { SessionView } from '../sessions.types';

export class SessionDto {
  @ApiProperty({ example: '5e1d7c52-4c7e-4f0a-a3a1-8a2b0f6e4d11' })
  id!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Firefox on macOS',
    description:
      'The name the owner gave the device in the auth service, else browser and system from the user agent',
  })
  deviceName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ipAddress!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5) Firefox/128.0',
  })
  userAgent!: string | null;

  @ApiProperty({ example: '2026-01-15T09:30:00.000Z' })
  lastActivityAt!: string;

  @ApiProperty({ example: '2026-01-01T08:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-02-14T08:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({ description: 'The session of the access token making this request.', example: true })
  current!: boolean;
}

export function toSessionDto(session: SessionView): SessionDto {
  return {
    id: session.id,
    deviceName: session.deviceName,
    ipAddress: session.ipAddress,
    userAgent: session.userAgent,
    lastActivityAt: session.lastActivityAt.toISOString(),
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    current: session.current,
  };
}

export class SessionPageDto extends PageOf(SessionDto) {}

export class EndedSessionsDto {
  @ApiProperty({ description: 'How many sessions were ended.', example: 2 })
  ended!: number;
}

export class SessionParamsDto {
  @ApiProperty({ example: '5e1d7c52-4c7e-4f0a-a3a1-8a2b0f6e4d11' })
  @IsUUID()
  sessionId!: string;
}

export class UserSessionParamsDto extends SessionParamsDto {
  @ApiProperty({ example: '10000000-0000-4000-8000-000000000002' })
  @IsUUID()
  userId!: string;
}

export class UserParamsDto {
  @ApiProperty({ example: '10000000-0000-4000-8000-000000000002' })
  @IsUUID()
  userId!: string;
}
