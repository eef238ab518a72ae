import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class PermissionNotFoundError extends DomainError {
  readonly code = 'PERMISSION_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(what: string) {
    super(`No permission ${what}.`);
  }
}

export class SystemPermissionImmutableError extends DomainError {
  readonly code = 'SYSTEM_PERMISSION_IMMUTABLE';
  readonly status = HttpStatus.CONFLICT;
  constructor(name: string) {
    super(`${name} ships with the product and cannot be changed or deleted.`);
  }
}

export class PermissionExistsError extends DomainError {
  readonly code = 'PERMISSION_EXISTS';
  readonly status = HttpStatus.CONFLICT;
  constructor(name: string) {
    super(`${name} exists already.`);
  }
}

export class PermissionInUseError extends DomainError {
  readonly code = 'PERMISSION_IN_USE';
  readonly status = HttpStatus.CONFLICT;
  constructor(name: string, usage: { roles: number; grants: number }) {
    super(
      `${name} is still given by ${usage.roles} role(s) and ${usage.grants} direct grant(s); remove those first.`,
    );
    this.extensions.usage = usage;
  }
}
