import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The bearer token sent to a public route that also serves signed-in callers
 * (`@Public({ optionalBearer: true })`), undefined without one; the handler verifies it.
 * Not `@Headers('authorization')`: Swagger would document the header as a required parameter,
 * while it is the bearer security scheme, and optional here.
 */
export const OptionalBearerToken = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const [scheme, token] = (header ?? '').trim().split(/\s+/);
    return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
  },
);
