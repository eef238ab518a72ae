import { CanActivate, ExecutionContext, Injectable, Logger, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Clock, SYSTEM_CLOCK } from '@orion/core';
import type { FastifyRequest } from 'fastify';
import { attachPrincipal, principalOf } from '../principal/principal';
import { routeAuthentication } from '../route-auth.decorators';
import {
  ApiKeyExpiredError,
  ApiKeyInvalidError,
  ApiKeyMissingError,
  AuthenticationUnavailableError,
} from '../security.errors';
import { ApiKeyCache } from './api-key-cache.store';
import { VerifiedApiKey } from './api-key-verifier';

export const API_KEY_HEADER = 'x-api-key';

/**
 * Authenticates services by `X-API-Key` on @ApiKeyAuth() routes and attaches a ServicePrincipal.
 * Elsewhere it stands aside once another guard has authenticated the caller (or the route is
 * @Public()), so that used on its own it never leaves a route open.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyCache,
    @Optional() private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const mode = routeAuthentication(this.reflector, context);
    if (mode === 'public' || (mode !== 'api-key' && principalOf(request))) return true;
    const key = request.headers[API_KEY_HEADER];
    if (typeof key !== 'string' || key === '') throw new ApiKeyMissingError();
    const verified = await this.lookUp(key);
    if (!verified) throw new ApiKeyInvalidError();
    // Checked on every request, cached or not: a cache entry may outlive the key.
    if (verified.expiresAt && verified.expiresAt.getTime() <= this.clock.now().getTime())
      throw new ApiKeyExpiredError();
    attachPrincipal(request, {
      kind: 'service',
      keyId: verified.keyId,
      serviceName: verified.serviceName,
      ownerId: verified.ownerId,
      scopes: verified.scopes,
      expiresAt: verified.expiresAt,
    });
    return true;
  }

  private async lookUp(key: string): Promise<VerifiedApiKey | null> {
    try {
      return await this.apiKeys.verify(key);
    } catch (error) {
      this.logger.warn(`API key lookup failed: ${(error as Error).message}`);
      throw new AuthenticationUnavailableError();
    }
  }
}
