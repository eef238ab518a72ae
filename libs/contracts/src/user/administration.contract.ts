import { IsUUID } from 'class-validator';
import { defineCommand } from '../contract';

export class MayAdministerRequest {
  /** The user who wants to act on another account. */
  @IsUUID()
  actorId!: string;

  /** The account acted on. */
  @IsUUID()
  targetId!: string;
}

export interface MayAdministerDecision {
  allowed: boolean;
  /** The target's permissions the actor lacks ("resource:action", or "resource:action@SCOPE:id"). */
  missingPermissions: string[];
}

/**
 * May the actor act on the target's account (status, sessions, lock, profile, factors)? Only if
 * the actor holds every permission the target holds, in the scope the target holds it. A read.
 */
export const MAY_ADMINISTER = defineCommand<MayAdministerRequest, MayAdministerDecision>(
  'user.access.may-administer.v1',
  MayAdministerRequest,
);
