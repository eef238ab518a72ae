import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class RoleNotFoundError extends DomainError {
  readonly code = 'ROLE_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(id: string) {
    super(`No role ${id}.`);
  }
}

export class SystemRoleImmutableError extends DomainError {
  readonly code = 'SYSTEM_ROLE_IMMUTABLE';
  readonly status = HttpStatus.CONFLICT;
  constructor(slug: string) {
    super(`${slug} ships with the product and cannot be changed or deleted; create a custom role instead.`);
  }
}

export class RoleSlugTakenError extends DomainError {
  readonly code = 'ROLE_SLUG_TAKEN';
  readonly status = HttpStatus.CONFLICT;
  constructor(slug: string) {
    super(`The slug ${slug} is taken (slugs of deleted roles stay reserved).`);
  }
}

export class RoleHierarchyCycleError extends DomainError {
  readonly code = 'ROLE_HIERARCHY_CYCLE';
  readonly status = HttpStatus.CONFLICT;
  constructor(slug: string, parentSlug: string) {
    super(`${parentSlug} inherits from ${slug} already; making it ${slug}'s parent would close a cycle.`);
  }
}

export class RoleHasChildrenError extends DomainError {
  readonly code = 'ROLE_HAS_CHILDREN';
  readonly status = HttpStatus.CONFLICT;
  constructor(slug: string) {
    super(`Other roles inherit from ${slug}; give them another parent first.`);
  }
}
