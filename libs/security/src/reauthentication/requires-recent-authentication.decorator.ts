import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiProblem } from '@orion/core';
import {
  RECENT_AUTHENTICATION,
  RecentAuthenticationGuard,
  RecentAuthenticationOptions,
} from './recent-authentication.guard';

/**
 * A sensitive change (credentials, second factors, trusted devices, linked identities, API keys):
 * the caller must have signed in or stepped up within REAUTHENTICATION_MAX_AGE_S (or `maxAgeS`),
 * otherwise 401 REAUTHENTICATION_REQUIRED with `maxAgeSeconds`. Runs after the access-token guard.
 */
export function RequiresRecentAuthentication(options: RecentAuthenticationOptions = {}) {
  return applyDecorators(
    SetMetadata(RECENT_AUTHENTICATION, options),
    UseGuards(RecentAuthenticationGuard),
    ApiProblem(
      401,
      'REAUTHENTICATION_REQUIRED',
      'Sign-in or step-up too long ago (maxAgeSeconds): POST /auth/step-up, then retry with its token',
    ),
  );
}
