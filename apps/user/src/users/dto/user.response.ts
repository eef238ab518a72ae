import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Page, PageOf } from '@orion/core';
import { USER_STATUSES } from '@orion/contracts';
import type { User, UserStatus } from '../users.types';

/** A user as the API shows it: never the password hash or internal metadata. */
export class UserResponse {
  @ApiProperty({ example: '5f8d0d55-8b1e-4d7a-9c55-0f3f1c7a2b10' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'ada', nullable: true, type: String })
  username!: string | null;

  @ApiProperty({ enum: USER_STATUSES, example: 'ACTIVE' })
  status!: UserStatus;

  @ApiProperty({ example: 'Ada', nullable: true, type: String })
  firstName!: string | null;

  @ApiProperty({ example: 'Lovelace', nullable: true, type: String })
  lastName!: string | null;

  @ApiProperty({ example: 'Ada L.', nullable: true, type: String })
  displayName!: string | null;

  @ApiProperty({ example: 'https://cdn.example.com/avatars/ada.png', nullable: true, type: String })
  avatarUrl!: string | null;

  @ApiProperty({ example: '+442071838750', nullable: true, type: String })
  phoneNumber!: string | null;

  @ApiProperty({ example: '2026-01-05T09:30:00.000Z', nullable: true, type: String })
  emailVerifiedAt!: string | null;

  @ApiProperty({
    example: '2026-01-06T08:00:00.000Z',
    nullable: true,
    type: String,
    description: 'When the latest completed sign-in (password, second factor or social) started its session',
  })
  lastLoginAt!: string | null;

  @ApiProperty({ example: '2026-01-05T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-01-05T09:30:00.000Z' })
  updatedAt!: string;

  @ApiPropertyOptional({
    example: null,
    nullable: true,
    type: String,
    description: 'Set when deleted (recoverable) or erased.',
  })
  deletedAt!: string | null;

  @ApiPropertyOptional({
    example: null,
    nullable: true,
    type: String,
    description: 'Set when erased on a data-protection request (status DEACTIVATED); final.',
  })
  erasedAt!: string | null;
}

export function toUserResponse(user: User): UserResponse {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    ...user,
    emailVerifiedAt: iso(user.emailVerifiedAt),
    lastLoginAt: iso(user.lastLoginAt),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    deletedAt: iso(user.deletedAt),
    erasedAt: iso(user.erasedAt),
  };
}

export class UserPageResponse extends PageOf(UserResponse) {}

export function toUserPageResponse(page: Page<User>): UserPageResponse {
  return { items: page.items.map(toUserResponse), nextCursor: page.nextCursor };
}
