import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';

/** One request as the sink received it. */
export interface SinkRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent. */
  body: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  /** The parsed body when the content type is JSON and it parses; undefined otherwise. */
  json?: unknown;
  /** The fields of an application/x-www-form-urlencoded body (as Twilio-like APIs receive). */
  form?: Record<string, string>;
  receivedAt: Date;
}

/** What the sink answers; objects are sent as JSON, strings as text. */
export interface SinkResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering, to play a slow receiver. */
  delayMs?: number;
}

const DEFAULT_RESPONSE: SinkResponse = { status: 200, body: { ok: true } };

function parseBody(headers: IncomingHttpHeaders, text: string): Pick<SinkRequest, 'json' | 'form'> {
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (/[/+]json\b/.test(type)) {
    try {
      return { json: JSON.parse(text) };
    } catch {
      return {};
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { form: Object.fromEntries(new URLSearchParams(text)) };
  }
  return {};
}

/**
 * A real HTTP server on loopback that records every request and answers as a test configures
 * per path: a webhook receiver, Slack or Discord, an SMS API, failing or slow when asked.
 */
export class HttpSink {
  private readonly received: SinkRequest[] = [];
  private readonly responses = new Map<string, SinkResponse[]>();
  /** Answers being delayed: released early by stop(). */
  private readonly delayed = new Set<() => void>();
  private readonly waiters = new Set<{
    test: (request: SinkRequest) => boolean;
    settle: (request?: SinkRequest) => void;
  }>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.handle(request, response);
    });
  }

  /**
   * Listens on `host` (any 127.x address is loopback, so tests can stand up distinct hosts) and
   * `port` (a free one by default).
   */
  static async start(host = '127.0.0.1', port = 0): Promise<HttpSink> {
    const server = createServer();
    server.listen(port, host);
    await once(server, 'listening');
    const bound = (server.address() as { port: number }).port;
    return new HttpSink(server, `http://${host}:${bound}`);
  }

  get port(): number {
    return Number(new URL(this.baseUrl).port);
  }

  /** The absolute URL of a path on this sink. */
  url(path: string): string {
    return `${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /**
   * Sets the answers for a path ('*' for every path without its own). Several answers are
   * used in turn, the last one for every later request: `respond('/hook', {status: 500}, {})`
   * fails once, then succeeds.
   */
  respond(path: string, ...responses: SinkResponse[]): void {
    this.responses.set(path, responses.length > 0 ? responses : [DEFAULT_RESPONSE]);
  }

  private nextResponse(path: string): SinkResponse {
    const queue = this.responses.get(path) ?? this.responses.get('*');
    if (!queue) return DEFAULT_RESPONSE;
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', this.baseUrl);
    const text = body.toString('utf8');
    const recorded: SinkRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
      text,
      ...parseBody(request.headers, text),
      receivedAt: new Date(),
    };
    this.received.push(recorded);
    for (const waiter of this.waiters) if (waiter.test(recorded)) waiter.settle(recorded);

    const answer = { ...DEFAULT_RESPONSE, ...this.nextResponse(url.pathname) };
    if (answer.delayMs) {
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          this.delayed.delete(release);
          resolve();
        };
        const timer = setTimeout(release, answer.delayMs);
        this.delayed.add(release);
      });
    }
    if (response.destroyed || !response.socket || response.socket.destroyed) return;
    const isText = typeof answer.body === 'string' || answer.body === undefined;
    const payload = isText ? ((answer.body as string | undefined) ?? '') : JSON.stringify(answer.body);
    response.writeHead(answer.status ?? 200, {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
      ...answer.headers,
    });
    response.end(payload);
  }

  /** Every request received since the start or the last clear(), oldest first. */
  requests(): SinkRequest[] {
    return [...this.received];
  }

  /** Resolves with the first request (already received or arriving) that matches. */
  waitForRequest(
    predicate: (request: SinkRequest) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<SinkRequest> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        test: predicate,
        settle: (request?: SinkRequest) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (request) resolve(request);
          else reject(new Error(`no matching request within ${timeoutMs} ms; ${this.summary()}`));
        },
      };
      const timer = setTimeout(() => waiter.settle(), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private summary(): string {
    const seen = this.received.map((r) => `${r.method} ${r.path}`);
    return `received ${seen.length}: ${JSON.stringify(seen)}`;
  }

  /** Forgets the recorded requests and the configured answers. */
  clear(): void {
    this.received.length = 0;
    this.responses.clear();
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) waiter.settle();
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    // Clients keep connections alive, and delayed answers hold theirs open.
    this.server.closeAllConnections();
    for (const release of this.delayed) release();
    await closed;
  }
}
