import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { principalOf } from '@orion/security';
import type { FastifyRequest } from 'fastify';
import { RATE_LIMIT_RULES } from './rate-limited.decorator';
import { RateLimitsService } from './rate-limits.service';
import { RateLimitRule } from './rate-limit.types';

type Body = Record<string, unknown> | undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 4096 ? value : undefined;

/** Who a rule counts; undefined when the request does not name one (the rule then does not apply). */
function subjectOf(rule: RateLimitRule, request: FastifyRequest): string | undefined {
  const body = (request.body ?? undefined) as Body;
  const principal = principalOf(request);
  switch (rule.scope) {
    case 'ip':
      return request.ip;
    case 'identifier': {
      const email = text(body?.email);
      return email?.normalize('NFKC').trim().toLowerCase();
    }
    case 'user':
      if (principal?.kind === 'user') return `user:${principal.userId}`;
      // Before sign-in the refresh token stands for the user's session. Never a challenge token:
      // every sign-in gets a new one, so second-factor rules are counted by the service per account.
      return text(body?.refreshToken);
    case 'client':
      return principal?.kind === 'service' ? `key:${principal.keyId}` : request.ip;
  }
}

/** Enforces the rules named by @RateLimited on a route. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimits: RateLimitsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const keys = this.reflector.get<string[] | undefined>(RATE_LIMIT_RULES, context.getHandler()) ?? [];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    for (const key of keys) {
      const rule = await this.rateLimits.rule(key);
      const subject = rule && subjectOf(rule, request);
      // A refusal carries retryAfter; the global problem filter sets Retry-After from it.
      if (subject) await this.rateLimits.consume(key, subject);
    }
    return true;
  }
}
