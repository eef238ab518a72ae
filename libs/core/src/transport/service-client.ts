import { randomUUID } from 'node:crypto';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { CommandContract } from '@orion/contracts';
import { catchError, lastValueFrom, Observable, throwError, timeout } from 'rxjs';
import { SYSTEM_CLOCK } from '../clock/clock';
import { currentRequestId } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { OutgoingMessage } from './message-envelope';
import { isProblemDetails, PeerUnavailableError, RemoteDomainError } from './transport-errors';

export interface ServiceClientSettings {
  /** The calling service, written into every message's meta. */
  from: string;
  timeoutMs: number;
  /** Extra attempts for idempotent calls after a timeout or a transport failure. */
  retries: number;
}

/** What the client needs of Nest's ClientProxy (ClientRedis in the services, a fake in unit tests). */
export interface MessageProxy {
  send<TResult, TInput>(pattern: string, data: TInput): Observable<TResult>;
  connect(): Promise<unknown>;
  close(): unknown;
}

export interface SendOptions {
  /**
   * The command may run twice without harm (a read, or a write keyed by the caller).
   * Only such calls are retried: a timeout does not tell whether the peer acted.
   */
  idempotent?: boolean;
  /** Overrides SERVICE_CALL_TIMEOUT_MS for one call. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 100 ms, 200 ms, 400 ms … capped at 1 s, with jitter so callers do not retry in step. */
function backoffMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 1000) + Math.floor(Math.random() * 50);
}

/**
 * Request/response calls to one peer service. Every call has a deadline; the peer's domain
 * errors come back as DomainErrors with the same code and status; silence or a broken
 * transport becomes PeerUnavailableError (503). The chain's request id travels in the envelope.
 */
export class ServiceClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceClient.name);

  constructor(
    readonly peer: string,
    private readonly proxy: MessageProxy,
    private readonly settings: ServiceClientSettings,
  ) {}

  async send<Req, Res>(
    command: CommandContract<Req, Res>,
    payload: Req,
    options: SendOptions = {},
  ): Promise<Res> {
    const requestId = currentRequestId() ?? randomUUID();
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const attempts = options.idempotent ? this.settings.retries + 1 : 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(command, payload, { requestId, attempt, timeoutMs });
      } catch (error) {
        if (!(error instanceof PeerUnavailableError) || attempt >= attempts) throw error;
        const retryInMs = backoffMs(attempt);
        this.logger.warn(
          { requestId, peer: this.peer, pattern: command.pattern, attempt, reason: error.reason, retryInMs },
          'Retrying an idempotent call',
        );
        await sleep(retryInMs);
      }
    }
  }

  /** Connects at boot, outside any request, rather than on the first call; failures retry on their own. */
  onApplicationBootstrap(): void {
    this.proxy
      .connect()
      .catch((error: unknown) =>
        this.logger.warn(`Transport to ${this.peer} not connected yet: ${String(error)}`),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  private attempt<Req, Res>(
    command: CommandContract<Req, Res>,
    payload: Req,
    { requestId, attempt, timeoutMs }: { requestId: string; attempt: number; timeoutMs: number },
  ): Promise<Res> {
    const message = new OutgoingMessage(payload, {
      requestId,
      from: this.settings.from,
      attempt,
      sentAt: SYSTEM_CLOCK.now().toISOString(),
    });
    const unavailable = (reason: string) => new PeerUnavailableError(this.peer, command.pattern, reason);
    return lastValueFrom(
      this.proxy.send<Res, OutgoingMessage<Req>>(command.pattern, message).pipe(
        // Redis drops a request nobody subscribes to without a word: the deadline is the answer.
        timeout({
          first: timeoutMs,
          with: () => throwError(() => unavailable(`no answer within ${timeoutMs} ms`)),
        }),
        catchError((error: unknown) => throwError(() => this.translate(error, unavailable))),
      ),
    );
  }

  private translate(error: unknown, unavailable: (reason: string) => PeerUnavailableError): DomainError {
    if (error instanceof DomainError) return error;
    if (isProblemDetails(error)) return new RemoteDomainError(error, this.peer);
    const reason = error instanceof Error ? error.message : String(error);
    return unavailable(reason.replace(/^Error: /, ''));
  }
}
