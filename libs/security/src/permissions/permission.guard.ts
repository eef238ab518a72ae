import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Principal, principalOf } from '../principal/principal';
import {
  AuthenticationRequiredError,
  PermissionCheckUnavailableError,
  PermissionDeniedError,
  ScopeIdMissingError,
} from '../security.errors';
import { PermissionDecision } from './permission-checker';
import { PermissionCache } from './permission-cache.store';
import { PERMISSION_REQUIREMENT, PermissionRequirement } from './require-permission.decorator';

/**
 * Enforces @RequirePermission(). Runs after AccessTokenGuard or ApiKeyGuard: users are checked
 * through the PermissionChecker (cached), services by the scopes of their API key.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  private readonly logger = new Logger(PermissionGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly permissions: PermissionCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const requirement = this.reflector.getAllAndOverride<PermissionRequirement | undefined>(
      PERMISSION_REQUIREMENT,
      [context.getHandler(), context.getClass()],
    );
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = principalOf(request);
    if (!principal) throw new AuthenticationRequiredError();
    const scopeId = scopeIdOf(requirement, request);
    const decision = await this.decide(principal, requirement, scopeId);
    if (!decision.allowed) {
      throw new PermissionDeniedError(requirement.permission, requirement.scope, scopeId, decision.reason);
    }
    return true;
  }

  private async decide(
    principal: Principal,
    requirement: PermissionRequirement,
    scopeId: string | undefined,
  ): Promise<PermissionDecision> {
    if (principal.kind === 'service') {
      const allowed = principal.scopes.includes(requirement.permission);
      return allowed ? { allowed } : { allowed, reason: 'the API key does not carry this scope' };
    }
    try {
      return await this.permissions.check({
        userId: principal.userId,
        permission: requirement.permission,
        scope: requirement.scope,
        scopeId,
      });
    } catch (error) {
      this.logger.warn(`Permission check failed: ${(error as Error).message}`);
      throw new PermissionCheckUnavailableError();
    }
  }
}

function scopeIdOf(requirement: PermissionRequirement, request: FastifyRequest): string | undefined {
  if (!requirement.scopeId) return undefined;
  const { source, name } = requirement.scopeId;
  const container = request[source] as Record<string, unknown> | undefined;
  const value = container?.[name];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') throw new ScopeIdMissingError(sourceLabel[source], name);
  return value;
}

const sourceLabel = { params: 'route parameter', query: 'query', body: 'body' } as const;
