import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class AssignmentNotFoundError extends DomainError {
  readonly code = 'ASSIGNMENT_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(id: string) {
    super(`The user has no assignment or grant ${id}.`);
  }
}
