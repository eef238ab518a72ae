import { Injectable } from '@nestjs/common';
import { CHECK_PERMISSION } from '@orion/contracts';
import { InjectServiceClient, ServiceClient } from '@orion/core';
import { PermissionChecker, PermissionDecision, PermissionQuery } from './permission-checker';

/** Asks the user service over the transport; needs TransportModule.forClients(['user']). */
@Injectable()
export class RpcPermissionChecker extends PermissionChecker {
  constructor(@InjectServiceClient('user') private readonly users: ServiceClient) {
    super();
  }

  check(query: PermissionQuery): Promise<PermissionDecision> {
    // A read: retrying after a lost reply cannot grant or revoke anything.
    return this.users.send(CHECK_PERMISSION, query, { idempotent: true });
  }
}
