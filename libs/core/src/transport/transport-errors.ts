import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import type { ProblemDetails } from '../errors/problem-details';

/** The peer did not answer in time, or Redis could not carry the message. */
export class PeerUnavailableError extends DomainError {
  readonly code = 'PEER_UNAVAILABLE';
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;

  constructor(
    readonly peer: string,
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`The ${peer} service did not answer ${pattern} (${reason}). Try again shortly.`);
    this.extensions.peer = peer;
    this.extensions.pattern = pattern;
  }
}

// Members of a problem document that describe the failed exchange rather than the error.
const ENVELOPE_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId']);

/**
 * A domain error the peer reported, raised again at the caller with the same code, status,
 * detail and extensions, so the caller's HTTP endpoint answers the same problem.
 */
export class RemoteDomainError extends DomainError {
  readonly code: string;
  readonly status: HttpStatus;

  constructor(
    problem: ProblemDetails,
    readonly peer: string,
  ) {
    super(problem.detail ?? problem.title);
    this.code = problem.code;
    this.status = problem.status;
    for (const [key, value] of Object.entries(problem)) {
      if (!ENVELOPE_MEMBERS.has(key)) this.extensions[key] = value;
    }
  }
}

/** True for the problem documents the RPC filter sends back as errors. */
export function isProblemDetails(value: unknown): value is ProblemDetails {
  const candidate = value as Partial<ProblemDetails> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.code === 'string' &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 600
  );
}
