import { HttpStatus, ValidationError as ClassValidatorError } from '@nestjs/common';
import { DomainError } from './domain-error';

export interface InvalidField {
  field: string;
  messages: string[];
}

/** A request body, query or parameter that fails validation: 400 with every invalid field. */
export class RequestValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = HttpStatus.BAD_REQUEST;

  constructor(readonly errors: InvalidField[]) {
    super('The request is not valid; see errors for each field.');
    this.extensions.errors = errors;
  }

  static fromClassValidator(errors: ClassValidatorError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors));
  }
}

function flatten(errors: ClassValidatorError[], parent = ''): InvalidField[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: messagesOf(error, error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * An absent field fails every rule it has ("must be shorter than 320 characters", "must be an
 * email"); what the caller needs to hear is that it is missing. Optional fields never get here:
 * @IsOptional skips them.
 */
function messagesOf(error: ClassValidatorError, constraints: Record<string, string>): string[] {
  if (error.value === undefined) return [`${error.property} is required`];
  return Object.values(constraints);
}
