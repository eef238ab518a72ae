import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { defineCommand } from '../contract';
import { USER_STATUSES, UserStatus } from './users.contract';

/**
 * Which users a bulk notification goes to: live accounts (not deleted or erased) in the given
 * statuses (default ACTIVE), optionally only holders of a role assigned directly and in force now.
 * Read in pages ordered by user id.
 */
export class ListAudienceRequest {
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'role must be a role slug' })
  role?: string;

  @IsOptional()
  @ArrayMaxSize(USER_STATUSES.length)
  @IsIn(USER_STATUSES, { each: true })
  statuses?: UserStatus[];

  /** The last id of the previous page. */
  @IsOptional()
  @IsUUID()
  afterId?: string;

  @IsInt()
  @Min(1)
  @Max(5000)
  limit!: number;
}

export interface AudiencePage {
  userIds: string[];
  /** Pass as afterId for the next page; null on the last one. */
  nextAfterId: string | null;
}

/** One page of an audience's user ids. A read: safe to retry. */
export const LIST_AUDIENCE = defineCommand<ListAudienceRequest, AudiencePage>(
  'user.audience.list.v1',
  ListAudienceRequest,
);
