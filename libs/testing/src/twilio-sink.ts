import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

/** One SMS as the sink accepted it. */
export interface SinkSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  /** The Idempotency-Key header, if the client sent one. */
  idempotencyKey?: string;
  receivedAt: Date;
}

/** A forced answer: the sink replies with it instead of accepting messages. */
export interface SmsFailure {
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Shared plumbing of the SMS API sinks: a loopback HTTP server, recorded messages, waiters, forced failures. */
export abstract class SmsApiSink {
  protected readonly received: SinkSms[] = [];
  private readonly waiters = new Set<{ test: (s: SinkSms) => boolean; settle: (s?: SinkSms) => void }>();
  private failures: SmsFailure[] = [];
  private failAlways?: SmsFailure;
  private server?: Server;
  /** Every request, accepted or not, counted for tests of "not retried". */
  requestCount = 0;
  baseUrl = '';

  protected async listen(): Promise<void> {
    const server = createServer((request, response) => void this.dispatch(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  /** The next `times` requests get this answer (then normal service resumes). */
  failNext(failure: SmsFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  /** Every request gets this answer until healed. */
  failAll(failure: SmsFailure): void {
    this.failAlways = failure;
  }

  heal(): void {
    this.failures = [];
    this.failAlways = undefined;
  }

  messages(): SinkSms[] {
    return [...this.received];
  }

  waitForMessage(predicate: (s: SinkSms) => boolean = () => true, timeoutMs = 10_000): Promise<SinkSms> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        test: predicate,
        settle: (sms?: SinkSms) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (sms) resolve(sms);
          else reject(new Error(`no matching SMS within ${timeoutMs} ms; received ${this.received.length}`));
        },
      };
      const timer = setTimeout(() => waiter.settle(), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.received.length = 0;
    this.requestCount = 0;
    this.heal();
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) waiter.settle();
    if (!this.server?.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }

  protected record(sms: SinkSms): void {
    this.received.push(sms);
    for (const waiter of this.waiters) if (waiter.test(sms)) waiter.settle(sms);
  }

  protected reply(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    this.requestCount++;
    const forced = this.failures.shift() ?? this.failAlways;
    if (forced) {
      this.reply(response, forced.status, forced.body ?? { message: 'forced failure' }, forced.headers);
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const type = request.headers['content-type'] ?? '';
    const fields: Record<string, string> = type.includes('json')
      ? (JSON.parse(text || '{}') as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(text));
    this.handle(request, fields, response);
  }

  protected abstract handle(
    request: IncomingMessage,
    fields: Record<string, string>,
    response: ServerResponse,
  ): void;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Speaks Twilio's Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP
 * basic auth (AccountSid:AuthToken) and a form body To/From/Body; answers 201 with the message
 * resource (sid "SM…"), or Twilio's error documents (20003 authenticate, 21211 invalid To, 21604 no Body).
 */
export class TwilioSink extends SmsApiSink {
  private constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {
    super();
  }

  static async start(credentials: { accountSid?: string; authToken?: string } = {}): Promise<TwilioSink> {
    const sink = new TwilioSink(
      credentials.accountSid ?? `AC${randomBytes(16).toString('hex')}`,
      credentials.authToken ?? randomBytes(16).toString('hex'),
    );
    await sink.listen();
    return sink;
  }

  protected handle(request: IncomingMessage, fields: Record<string, string>, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', this.baseUrl).pathname;
    const expected = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    const auth = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== auth) {
      this.reply(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
      return;
    }
    if (request.method !== 'POST' || path !== expected) {
      this.reply(response, 404, {
        code: 20404,
        message: 'The requested resource was not found',
        status: 404,
      });
      return;
    }
    const { To: to, From: from, Body: body } = fields;
    if (!to || !E164.test(to)) {
      this.reply(response, 400, {
        code: 21211,
        message: `The 'To' number ${to ?? ''} is not a valid phone number.`,
        status: 400,
      });
      return;
    }
    if (!from || !body) {
      this.reply(response, 400, { code: 21604, message: "A 'From' and a 'Body' are required.", status: 400 });
      return;
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const key = request.headers['idempotency-key'];
    this.record({
      sid,
      to,
      from,
      body,
      idempotencyKey: typeof key === 'string' ? key : undefined,
      receivedAt: new Date(),
    });
    this.reply(response, 201, {
      sid,
      account_sid: this.accountSid,
      to,
      from,
      body,
      status: 'queued',
      num_segments: String(Math.max(1, Math.ceil(body.length / 160))),
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    });
  }
}

/**
 * Speaks Vonage's SMS API: POST /sms/json with api_key, api_secret, from, to (digits), text as a form
 * or JSON; always HTTP 200 with messages[0].status "0" on success, "4" for bad credentials,
 * "2" for a missing parameter.
 */
export class VonageSink extends SmsApiSink {
  private constructor(
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {
    super();
  }

  static async start(credentials: { apiKey?: string; apiSecret?: string } = {}): Promise<VonageSink> {
    const sink = new VonageSink(
      credentials.apiKey ?? randomBytes(4).toString('hex'),
      credentials.apiSecret ?? randomBytes(8).toString('hex'),
    );
    await sink.listen();
    return sink;
  }

  protected handle(request: IncomingMessage, fields: Record<string, string>, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', this.baseUrl).pathname;
    if (request.method !== 'POST' || path !== '/sms/json') {
      this.reply(response, 404, { message: 'not found' });
      return;
    }
    const refuse = (status: string, text: string) =>
      this.reply(response, 200, { 'message-count': '1', messages: [{ status, 'error-text': text }] });
    if (fields.api_key !== this.apiKey || fields.api_secret !== this.apiSecret) {
      refuse('4', 'Bad Credentials');
      return;
    }
    if (!fields.to || !fields.from || !fields.text) {
      refuse('2', 'Missing to, from or text');
      return;
    }
    const messageId = randomBytes(8).toString('hex').toUpperCase();
    this.record({
      sid: messageId,
      to: fields.to,
      from: fields.from,
      body: fields.text,
      idempotencyKey: fields['client-ref'],
      receivedAt: new Date(),
    });
    this.reply(response, 200, {
      'message-count': '1',
      messages: [
        {
          to: fields.to,
          'message-id': messageId,
          status: '0',
          'remaining-balance': '10.00',
          'message-price': '0.03',
          network: '12345',
        },
      ],
    });
  }
}
