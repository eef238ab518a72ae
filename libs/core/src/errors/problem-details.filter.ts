import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, throwError } from 'rxjs';
import { currentRequestId } from '../context/request-context';
import { asMethodNotAllowed, MethodNotAllowedError } from '../http/route-methods';
import { redactUrl } from '../logging/redact-url';
import { asDatabaseBusy, DatabaseBusyError } from './database-busy';
import { DomainError } from './domain-error';
import {
  codeForStatus,
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  titleFor,
  typeForCode,
} from './problem-details';

// Every route reads JSON (run-service.ts); Fastify's own 415 does not say which type would do.
const JSON_ONLY = 'Send the request body as application/json.';

/**
 * Turns every error into an RFC 9457 problem document: the reply body over HTTP, the error
 * a message handler sends back over the transport (where the caller raises it again).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(raw: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return this.catchMessage(asDatabaseBusy(raw), host);
    if (host.getType() !== 'http') throw asDatabaseBusy(raw);
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const exception = asMethodNotAllowed(asDatabaseBusy(raw), request);
    const problem = this.toProblem(exception);
    if (problem.status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) problem.detail = JSON_ONLY;
    problem.instance = redactUrl(request.url);
    problem.requestId = String(request.id);
    if (isUnexpected(exception)) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    } else if (problem.status >= 500) {
      // Deliberate 5xx answers (a peer or dependency down): worth a line, not a stack trace.
      this.logger.warn({ requestId: request.id, code: problem.code }, problem.detail ?? problem.title);
    }
    if (exception instanceof MethodNotAllowedError) void reply.header('allow', exception.allowed.join(', '));
    if (exception instanceof DatabaseBusyError)
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    // A domain error that says when to come back (a limit or cap) says it in the header too.
    else if (typeof problem.retryAfter === 'number' && problem.retryAfter > 0)
      void reply.header('retry-after', String(Math.ceil(problem.retryAfter)));
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  private catchMessage(exception: unknown, host: ArgumentsHost): Observable<never> {
    const problem = this.toProblem(exception);
    problem.requestId = currentRequestId();
    const pattern = patternOf(host);
    if (isUnexpected(exception)) {
      this.logger.error({ err: exception, pattern }, 'Unhandled error in message handler');
    } else if (exception instanceof DomainError && exception.code === 'VALIDATION_FAILED') {
      // Field names and rule messages only: the payload's values may hold secrets.
      this.logger.warn({ pattern, code: problem.code, errors: problem.errors }, 'Message rejected');
    }
    return throwError(() => problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      return {
        ...exception.extensions,
        type: typeForCode(exception.code),
        title: titleFor(exception.status),
        status: exception.status,
        detail: exception.message,
        code: exception.code,
      };
    }
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception);
    }
    // Fastify's own errors (malformed JSON, body too large) carry a statusCode below 500.
    const status = clientErrorStatus(exception);
    if (status) {
      const code = codeForStatus(status);
      return {
        type: typeForCode(code),
        title: titleFor(status),
        status,
        detail: (exception as Error).message,
        code,
      };
    }
    const code = codeForStatus(HttpStatus.INTERNAL_SERVER_ERROR);
    // Never echo an unexpected error's message: it may carry internals or secrets.
    return {
      type: typeForCode(code),
      title: titleFor(HttpStatus.INTERNAL_SERVER_ERROR),
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      code,
    };
  }

  private fromHttpException(exception: HttpException): ProblemDetails {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const code = codeForStatus(status);
    const extensions =
      typeof body === 'object' && body !== null ? extensionsOf(body as Record<string, unknown>) : {};
    return {
      ...extensions,
      type: typeForCode(code),
      title: titleFor(status),
      status,
      detail: detailOf(body, exception.message),
      code,
    };
  }
}

function detailOf(body: string | object, fallback: string): string {
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : fallback;
}

// Members that Nest adds to its default bodies, replaced by the problem document's own.
const NEST_BODY_KEYS = new Set(['statusCode', 'message', 'error']);

function extensionsOf(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !NEST_BODY_KEYS.has(key)));
}

function clientErrorStatus(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function patternOf(host: ArgumentsHost): unknown {
  const context = host.switchToRpc().getContext<{ getArgs?: () => unknown[] } | undefined>();
  return context?.getArgs?.()[0];
}

/** Anything but a deliberate answer (a domain error or an HTTP exception) is a bug to log in full. */
function isUnexpected(exception: unknown): boolean {
  return (
    !(exception instanceof DomainError || exception instanceof HttpException) && !clientErrorStatus(exception)
  );
}
