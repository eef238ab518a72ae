import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticationRequiredError, UserAuthenticationRequiredError } from '../security.errors';
import { Principal, principalOf, UserPrincipal } from './principal';

/**
 * The caller of this request: `@CurrentPrincipal() principal: Principal`. Narrow it with
 * `principal.kind`. Handlers never read Authorization or X-API-Key themselves.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = principalOf(context.switchToHttp().getRequest<object>());
    if (!principal) throw new AuthenticationRequiredError();
    return principal;
  },
);

/** The calling user: `@CurrentUser() user: UserPrincipal`; 401 when the caller is a service. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserPrincipal => {
    const principal = principalOf(context.switchToHttp().getRequest<object>());
    if (!principal) throw new AuthenticationRequiredError();
    if (principal.kind !== 'user') throw new UserAuthenticationRequiredError();
    return principal;
  },
);
