import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

/** RFC 9457 problem details as every error of this service is sent (application/problem+json). */
export class ProblemResponse {
  @ApiProperty({ example: 'https://orion.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable, machine-readable code.' })
  code!: string;

  @ApiPropertyOptional({ example: 'The request is not valid; see errors for each field.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/users/me' })
  instance?: string;

  @ApiPropertyOptional({ example: '7c4b0a55-35a6-4a8f-9a41-3f0d3c1b2f10' })
  requestId?: string;

  @ApiPropertyOptional({
    description: 'For VALIDATION_FAILED: every invalid field.',
    example: [{ field: 'status', messages: ['property status should not exist'] }],
  })
  errors?: { field: string; messages: string[] }[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED lists every field) or a broken rule.',
  401: 'No valid access token (TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED).',
  403: 'The caller lacks the permission (PERMISSION_DENIED) or may not do this to this account.',
  404: 'No such resource, or one the caller may not see.',
  409: 'Conflicts with the current state (e.g. EMAIL_TAKEN, a stale version).',
  410: 'Gone: used, expired or erased.',
  428: 'A precondition header (If-Match) is required.',
  429: 'Too many requests; retry later.',
  503: 'A dependency (permission checks, Redis) is unavailable.',
};

/** Documents the problem responses of an operation: `@ApiProblems(400, 401, 404)`. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem details.',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResponse) } } },
      }),
    ),
  );
