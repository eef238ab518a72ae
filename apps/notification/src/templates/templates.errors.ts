import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class TemplateNotFoundError extends DomainError {
  readonly code = 'TEMPLATE_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(key: string) {
    super(`No template ${key}.`);
  }
}

export class TemplateVersionNotFoundError extends DomainError {
  readonly code = 'TEMPLATE_VERSION_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(key: string, version: number) {
    super(`Template ${key} has no version ${version}.`);
  }
}

export class TemplateNotPublishedError extends DomainError {
  readonly code = 'TEMPLATE_NOT_PUBLISHED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(key: string) {
    super(`Template ${key} has no published version yet; publish its draft first.`);
  }
}

export class TemplateChannelUnsupportedError extends DomainError {
  readonly code = 'TEMPLATE_CHANNEL_UNSUPPORTED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(key: string, channel: string, version: number) {
    super(
      `Version ${version} of template ${key} has no ${channel} content in any locale of its fallback chain.`,
    );
    this.extensions.channel = channel;
  }
}

export interface InvalidVariable {
  variable: string;
  message: string;
}

/** A send whose variables do not satisfy the template's declarations: 422 listing each one. */
export class TemplateVariablesInvalidError extends DomainError {
  readonly code = 'TEMPLATE_VARIABLES_INVALID';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(
    key: string,
    readonly errors: InvalidVariable[],
  ) {
    super(`The variables do not match what template ${key} declares; see errors for each one.`);
    this.extensions.errors = errors;
  }
}

export interface TemplateProblem {
  location: string;
  message: string;
}

/** A draft that cannot be published (undeclared placeholder, syntax error, empty content). */
export class TemplateInvalidError extends DomainError {
  readonly code = 'TEMPLATE_INVALID';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(
    key: string,
    readonly errors: TemplateProblem[],
  ) {
    super(`Template ${key} cannot be published; see errors for each problem.`);
    this.extensions.errors = errors;
  }
}

export class TemplateKeyTakenError extends DomainError {
  readonly code = 'TEMPLATE_KEY_TAKEN';
  readonly status = HttpStatus.CONFLICT;
  constructor(key: string) {
    super(`A template with key ${key} exists (keys of deleted templates stay reserved).`);
  }
}

export class TemplateNoDraftError extends DomainError {
  readonly code = 'TEMPLATE_NO_DRAFT';
  readonly status = HttpStatus.CONFLICT;
  constructor(key: string) {
    super(`Template ${key} has no draft to publish.`);
  }
}

/** The services need their system templates: they are re-worded, never removed. */
export class SystemTemplateNotDeletableError extends DomainError {
  readonly code = 'SYSTEM_TEMPLATE_NOT_DELETABLE';
  readonly status = HttpStatus.CONFLICT;
  constructor(key: string) {
    super(`Template ${key} is a system template: it can be re-worded, not deleted.`);
  }
}
