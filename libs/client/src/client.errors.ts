/** One invalid field of a VALIDATION_FAILED problem. */
export interface ProblemField {
  field: string;
  messages: string[];
}

/** An RFC 9457 problem document as the Orion services send it. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  code?: string;
  requestId?: string;
  errors?: ProblemField[];
  retryAfter?: number;
  [extension: string]: unknown;
}

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Seconds from a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Any application/problem+json answer of an Orion service. */
export class OrionProblemError extends Error {
  readonly status: number;
  /** The stable code, e.g. VALIDATION_FAILED or TOKEN_EXPIRED. */
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly instance: string | undefined;
  /** Every invalid field (VALIDATION_FAILED); empty otherwise. */
  readonly errors: ProblemField[];
  readonly requestId: string | undefined;
  /** Seconds to wait before trying again (429, 423, 503), from the problem or Retry-After. */
  readonly retryAfter: number | undefined;
  /** The whole document, extensions included (e.g. attemptsLeft). */
  readonly problem: ProblemDocument;

  constructor(status: number, problem: ProblemDocument, headers?: Headers, now = Date.now()) {
    const code = problem.code ?? 'HTTP_ERROR';
    super(problem.detail ?? problem.title ?? `${status} ${code}`);
    this.name = 'OrionProblemError';
    this.status = problem.status ?? status;
    this.code = code;
    this.title = problem.title ?? '';
    this.detail = problem.detail;
    this.type = problem.type;
    this.instance = problem.instance;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = problem.requestId ?? headers?.get('x-request-id') ?? undefined;
    this.retryAfter =
      typeof problem.retryAfter === 'number'
        ? problem.retryAfter
        : retryAfterSeconds(headers?.get('retry-after') ?? null, now);
    this.problem = problem;
  }

  /** The error a problem answer stands for; undefined for any other answer. Reads a clone. */
  static async fromResponse(response: Response): Promise<OrionProblemError | undefined> {
    if (!isProblem(response)) return undefined;
    let problem: ProblemDocument = {};
    try {
      problem = (await response.clone().json()) as ProblemDocument;
    } catch {
      // A proxy may cut the body short: status and headers still say what happened.
    }
    return new OrionProblemError(response.status, problem, response.headers);
  }
}

export function isProblem(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().startsWith(PROBLEM_CONTENT_TYPE);
}

/** Refresh answers that mean the session is over: the client forgets it. */
export const SESSION_ENDING_CODES = [
  'REFRESH_TOKEN_REUSED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_EXPIRED',
] as const;
export type SessionEndingCode = (typeof SESSION_ENDING_CODES)[number];

/**
 * A refresh was answered as reused, revoked or expired: the session is cleared from the token
 * store and the user has to sign in again. REFRESH_TOKEN_REUSED means the server ended the whole
 * sign-in because a rotated token came back (someone else may hold a copy).
 */
export class OrionSessionEndedError extends OrionProblemError {
  declare readonly code: SessionEndingCode;

  constructor(problem: OrionProblemError) {
    super(problem.status, problem.problem);
    this.name = 'OrionSessionEndedError';
    Object.assign(this, { requestId: problem.requestId, retryAfter: problem.retryAfter });
  }

  static is(problem: OrionProblemError): boolean {
    return problem.status === 401 && (SESSION_ENDING_CODES as readonly string[]).includes(problem.code);
  }
}
