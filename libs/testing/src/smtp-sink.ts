import { AddressObject, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';

/** One message as the sink received it: the SMTP envelope, and the parsed MIME content. */
export interface SinkMail {
  /** MAIL FROM and RCPT TO, which may differ from the headers (Bcc, bounces). */
  envelope: { from: string | null; to: string[] };
  /** The user name given to AUTH, if the client authenticated. */
  authUser?: string;
  /** The From header's addresses, lowercase. */
  from: string[];
  /** The To header's addresses, lowercase. */
  to: string[];
  cc: string[];
  subject: string;
  text?: string;
  html?: string;
  /** Header values by lowercase name, as sent (first occurrence when repeated). */
  headers: Record<string, string>;
  attachments: { filename?: string; contentType: string; content: Buffer }[];
  /** The whole message as received. */
  raw: string;
  receivedAt: Date;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

function headerMap(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    if (key in headers) continue;
    // Unfold continuation lines and drop the "Name:" part of the raw line.
    headers[key] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return headers;
}

/**
 * A real SMTP server on loopback that accepts every message (with any credentials, or none,
 * and without TLS) and keeps it parsed, so tests can assert on what a service e-mailed.
 */
export class SmtpSink {
  private readonly received: SinkMail[] = [];
  private readonly waiters = new Set<{
    test: (mail: SinkMail) => boolean;
    settle: (mail?: SinkMail) => void;
  }>();

  readonly host = '127.0.0.1';
  private listeningPort = 0;
  private readonly server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    // Without STARTTLS, clients send in plain text instead of failing on a self-signed certificate.
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onRcptTo: (address, _session, callback) => {
      const rejection = this.rejectRecipient?.(address.address);
      if (!rejection) return callback();
      callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        this.store(Buffer.concat(chunks), session.envelope, session.user as string | undefined).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });

  /** Decides per RCPT TO whether to refuse it, and with which reply (e.g. 550 no such user). */
  private rejectRecipient?: (address: string) => { code: number; message: string } | undefined;

  private constructor() {}

  /** Refuses matching recipients with the given SMTP reply (550 by default); pass nothing to accept all again. */
  rejectRecipients(match?: (address: string) => boolean, code = 550, message = 'No such user here'): void {
    this.rejectRecipient = match ? (address) => (match(address) ? { code, message } : undefined) : undefined;
  }

  /** Starts on a free loopback port. */
  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, sink.host, () => resolve());
    });
    sink.listeningPort = (sink.server.server.address() as { port: number }).port;
    return sink;
  }

  get port(): number {
    return this.listeningPort;
  }

  private async store(
    raw: Buffer,
    envelope: { mailFrom: SMTPServerAddress | false; rcptTo: SMTPServerAddress[] },
    authUser: string | undefined,
  ): Promise<void> {
    const parsed = await simpleParser(raw);
    const mail: SinkMail = {
      envelope: {
        from: envelope.mailFrom ? envelope.mailFrom.address : null,
        to: envelope.rcptTo.map((r) => r.address),
      },
      authUser,
      from: addresses(parsed.from),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? '',
      text: parsed.text,
      html: parsed.html === false ? undefined : parsed.html,
      headers: headerMap(parsed.headerLines),
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      raw: raw.toString('utf8'),
      receivedAt: new Date(),
    };
    this.received.push(mail);
    for (const waiter of this.waiters) if (waiter.test(mail)) waiter.settle(mail);
  }

  /** Every message received since the start or the last clear(), oldest first. */
  messages(): SinkMail[] {
    return [...this.received];
  }

  /** Resolves with the first message (already received or arriving) that matches. */
  waitForMessage(predicate: (mail: SinkMail) => boolean = () => true, timeoutMs = 10_000): Promise<SinkMail> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        test: predicate,
        settle: (mail?: SinkMail) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (mail) resolve(mail);
          else reject(new Error(`no matching e-mail within ${timeoutMs} ms; ${this.summary()}`));
        },
      };
      const timer = setTimeout(() => waiter.settle(), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private summary(): string {
    const seen = this.received.map((m) => `${m.to.join(',')}: ${m.subject}`);
    return `received ${seen.length}: ${JSON.stringify(seen)}`;
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) waiter.settle();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
