import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CHECK_PERMISSION,
  CheckPermissionRequest,
  MAY_ADMINISTER,
  MayAdministerDecision,
  MayAdministerRequest,
  PermissionDecision,
} from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { PermissionCache } from '@orion/security';
import { AccessService } from './access.service';

/** Other services' permission checks, answered through the same shared cache as local ones. */
@Controller()
export class AccessHandlers {
  constructor(
    private readonly permissions: PermissionCache,
    private readonly access: AccessService,
  ) {}

  @HandleCommand(CHECK_PERMISSION)
  check(@Payload() request: CheckPermissionRequest): Promise<PermissionDecision> {
    return this.permissions.check(request);
  }

  /** The hierarchy rule for the auth service's administrative routes (unlock). */
  @HandleCommand(MAY_ADMINISTER)
  async mayAdminister(@Payload() request: MayAdministerRequest): Promise<MayAdministerDecision> {
    const missing = await this.access.missingToAdminister(
      { kind: 'user', userId: request.actorId },
      request.targetId,
    );
    return { allowed: missing.length === 0, missingPermissions: missing };
  }
}
