import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertEmailVerificationAllows } from '../email-verification/email-verification.restriction';
import { attachPrincipal } from '../principal/principal';
import { PERMISSION_REQUIREMENT, PermissionRequirement } from '../permissions/require-permission.decorator';
import { routeAuthentication } from '../route-auth.decorators';
import {
  BearerTokenError,
  CredentialsMissingError,
  TokenInvalidError,
  TokenMissingError,
} from '../security.errors';
import { AccessTokenVerifier } from './access-token.verifier';
import { parseBearerHeader } from '../request/request-facts.decorator';

const REALM = 'orion';

/**
 * Authenticates users by `Authorization: Bearer <access token>` and attaches a UserPrincipal.
 * Stands aside on @Public() and @ApiKeyAuth() routes, and for message handlers (the internal
 * transport is trusted and authenticates differently). Never logs the token.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const mode = routeAuthentication(this.reflector, context);
    if (mode !== 'bearer' && mode !== 'bearer-or-api-key') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // A service's key is checked by ApiKeyGuard, which runs next.
    if (mode === 'bearer-or-api-key' && request.headers['x-api-key'] !== undefined) return true;
    try {
      if (mode === 'bearer-or-api-key' && !request.headers.authorization) {
        throw new CredentialsMissingError(this.requiredPermission(context));
      }
      const principal = await this.verifier.verify(bearerToken(request.headers.authorization));
      attachPrincipal(request, principal);
      assertEmailVerificationAllows(this.reflector, context, principal);
      return true;
    } catch (error) {
      if (error instanceof BearerTokenError) {
        context.switchToHttp().getResponse<FastifyReply>().header('WWW-Authenticate', challenge(error));
      }
      throw error;
    }
  }

  private requiredPermission(context: ExecutionContext): string | undefined {
    return this.reflector.getAllAndOverride<PermissionRequirement | undefined>(PERMISSION_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ])?.permission;
  }
}

function bearerToken(header: string | undefined): string {
  const token = parseBearerHeader(header);
  if (token === undefined) throw new TokenMissingError();
  if (token === null) throw new TokenInvalidError('malformed');
  return token;
}

/** RFC 6750 §3: no error attribute when no token was sent, `invalid_token` otherwise. */
function challenge(error: BearerTokenError): string {
  if (!error.bearerError) return `Bearer realm="${REALM}"`;
  const description = error.message.replace(/["\\]/g, '');
  return `Bearer realm="${REALM}", error="${error.bearerError}", error_description="${description}"`;
}
