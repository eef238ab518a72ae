import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, titleFor, typeForCode } from '../errors/problem-details';

/** One invalid field of a VALIDATION_FAILED problem. */
export class InvalidFieldDto {
  @ApiProperty({ example: 'email', description: 'Dotted path for nested fields, e.g. display.theme.' })
  field!: string;

  @ApiProperty({ type: [String], example: ['email must be an email'] })
  messages!: string[];
}

/** RFC 9457 problem details, as the global filter sends every error (application/problem+json). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://orion.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Bad request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable, machine-readable code.' })
  code!: string;

  @ApiPropertyOptional({ example: 'The request is not valid; see errors for each field.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/users/me' })
  instance?: string;

  @ApiPropertyOptional({
    example: '7c4b0a55-35a6-4a8f-9a41-3f0d3c1b2f10',
    description: 'Quote it when reporting a problem.',
  })
  requestId?: string;

  @ApiPropertyOptional({
    type: [InvalidFieldDto],
    description: 'For VALIDATION_FAILED: every invalid field.',
    example: [{ field: 'status', messages: ['property status should not exist'] }],
  })
  errors?: InvalidFieldDto[];
}

interface DocumentedProblem {
  code: string;
  description: string;
}

// Every problem documented so far on a handler (or controller), by status. Swagger keeps one
// response per status: it joins the descriptions but replaces the content, so the content
// carries every code's example each time.
const DOCUMENTED_PROBLEMS = 'orion:documented-problems';

/**
 * Documents a problem answer: `@ApiProblem(404, 'ROLE_NOT_FOUND', 'No such role')`. Several
 * codes for one status are merged into one response, each code an example.
 */
export function ApiProblem(
  status: number,
  code: string,
  description: string,
): MethodDecorator & ClassDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    const documented: Record<number, DocumentedProblem[]> = {
      ...((Reflect.getMetadata(DOCUMENTED_PROBLEMS, holder) as Record<number, DocumentedProblem[]>) ?? {}),
    };
    // Documenting the same problem again changes nothing (the derived 401s are added per document built).
    if (documented[status]?.some((p) => p.code === code && p.description === description)) return;
    const problems = [...(documented[status] ?? []).filter((p) => p.code !== code), { code, description }];
    documented[status] = problems;
    Reflect.defineMetadata(DOCUMENTED_PROBLEMS, documented, holder);
    const response = problemResponse(status, `${code}: ${description}`, problems);
    const decorator = applyDecorators(ApiExtraModels(ProblemDetailsDto), response);
    return key === undefined ? decorator(target as never) : decorator(target, key, descriptor!);
  };
}

/**
 * The validation pipe's answer (400 VALIDATION_FAILED) for a route whose path, query or body is
 * checked; the description may say what is checked when that helps the reader.
 */
export function ApiInvalid(description = 'Invalid request; errors lists every field') {
  return ApiProblem(400, 'VALIDATION_FAILED', description);
}

/**
 * The permission guard's answer (403). A guarded route's 401 is not written by hand: the OpenAPI
 * document derives it from how the route authenticates (see declareRouteSecurity).
 */
export function ApiPermissionRequired(permission: string) {
  return ApiProblem(403, 'PERMISSION_DENIED', `The caller lacks ${permission}`);
}

function problemResponse(status: number, description: string, problems: DocumentedProblem[]) {
  return ApiResponse({
    status,
    description,
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: getSchemaPath(ProblemDetailsDto) },
        examples: Object.fromEntries(
          problems.map((p) => [
            p.code,
            {
              summary: p.description,
              value: {
                type: typeForCode(p.code),
                title: titleFor(status),
                status,
                code: p.code,
                detail: p.description,
              },
            },
          ]),
        ),
      },
    },
  });
}
