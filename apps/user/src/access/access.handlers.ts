import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CHECK_PERMISSION, CheckPermissionRequest, PermissionDecision } from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { PermissionCache } from '@orion/security';

/** Other services' permission checks, answered through the same shared cache as local ones. */
@Controller()
export class AccessHandlers {
  constructor(private readonly permissions: PermissionCache) {}

  @HandleCommand(CHECK_PERMISSION)
  check(@Payload() request: CheckPermissionRequest): Promise<PermissionDecision> {
    return this.permissions.check(request);
  }
}
