import { Injectable } from '@nestjs/common';
import { PermissionDeniedError, Principal } from '@orion/security';
import { TargetUserNotFoundError } from './access.errors';
import { GrantLimitsService } from './grant-limits.service';

/**
 * Who may look at a user's roles, grants and effective permissions: the user, and whoever manages
 * assignments. Someone who may not even see the user gets 404, as if the user did not exist.
 */
@Injectable()
export class AccessVisibilityService {
  constructor(private readonly limits: GrantLimitsService) {}

  async ensureMayInspect(caller: Principal, userId: string): Promise<void> {
    if (caller.kind === 'user' && caller.userId === userId) return;
    if (!(await this.limits.holds(caller, 'users:read', 'GLOBAL'))) throw new TargetUserNotFoundError(userId);
    if (!(await this.limits.holds(caller, 'roles:assign', 'GLOBAL'))) {
      throw new PermissionDeniedError('roles:assign', 'GLOBAL');
    }
  }
}
