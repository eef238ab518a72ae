import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
};

/** Documents problem+json answers: `@ApiProblem(404, 'ROLE_NOT_FOUND', 'No role …')`. */
export function ApiProblem(status: number, code: string, description: string) {
  return ApiResponse({
    status,
    description,
    content: {
      'application/problem+json': {
        example: {
          type: `https://orion.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
          title: TITLES[status] ?? 'Error',
          status,
          code,
          detail: description,
        },
      },
    },
  });
}

/** The answers every authenticated, permission-checked route may give. */
export function ApiGuarded(permission?: string) {
  return applyDecorators(
    ApiProblem(401, 'TOKEN_MISSING', 'No valid access token'),
    ...(permission ? [ApiProblem(403, 'PERMISSION_DENIED', `The caller lacks ${permission}`)] : []),
  );
}
