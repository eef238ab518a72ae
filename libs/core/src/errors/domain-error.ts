import { HttpStatus } from '@nestjs/common';

/**
 * Base of every rule violation a service reports. The code is stable and machine-readable
 * (e.g. REFRESH_TOKEN_REUSED); the filter turns it into problem details or an RPC error.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: HttpStatus;
  /** Extra members for the problem document; never put secrets here. */
  readonly extensions: Record<string, unknown> = {};

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
