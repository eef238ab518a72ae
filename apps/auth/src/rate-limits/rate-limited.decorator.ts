import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiProblem } from '@orion/core';
import { RateLimitGuard } from './rate-limit.guard';

export const RATE_LIMIT_RULES = 'orion:rate-limit-rules';

/**
 * Applies rate_limits rules to a route, e.g. `@RateLimited('sign-in:ip', 'sign-in:identifier')`.
 * Subjects by the rule's scope: ip = the client address (TRUST_PROXY), identifier = the body's
 * `email`, user = the signed-in user or else the body's refreshToken (hashed),
 * client = the API key or else the address (an IPv6 address by its RATE_LIMIT_IPV6_PREFIX network).
 * Over a rule: 429 RATE_LIMITED with Retry-After; rules that cannot be read: 503.
 */
export function RateLimited(...ruleKeys: string[]) {
  return applyDecorators(
    SetMetadata(RATE_LIMIT_RULES, ruleKeys),
    UseGuards(RateLimitGuard),
    ApiProblem(429, 'RATE_LIMITED', `Over a rate limit (${ruleKeys.join(', ')}); see Retry-After`),
    ApiRateLimitsUnavailable(),
  );
}

/** Documents the 503 of a route whose rate limits are counted (by its guard or its service). */
export const ApiRateLimitsUnavailable = () =>
  ApiProblem(
    503,
    'RATE_LIMITS_UNAVAILABLE',
    'The rate-limit rules could not be read (or one is defined nowhere); refused, see Retry-After',
  );
