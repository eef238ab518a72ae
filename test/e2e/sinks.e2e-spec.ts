import { connect, Socket } from 'node:net';
import { HttpSink, SmtpSink } from '@orion/testing';

/** A plain SMTP client conversation: each command waits for the server's complete reply. */
class SmtpConversation {
  private buffer = '';
  private pending: ((reply: string) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      // A reply ends with a line "NNN text"; "NNN-text" lines continue it.
      const end = /(^|\r\n)\d{3} [^\r\n]*\r\n$/.exec(this.buffer);
      if (end && this.pending) {
        const reply = this.buffer;
        this.buffer = '';
        this.pending(reply);
        this.pending = undefined;
      }
    });
  }

  static async open(port: number): Promise<{ smtp: SmtpConversation; greeting: string }> {
    const socket = connect(port, '127.0.0.1');
    const smtp = new SmtpConversation(socket);
    const greeting = await smtp.reply();
    return { smtp, greeting };
  }

  private reply(): Promise<string> {
    return new Promise((resolve) => (this.pending = resolve));
  }

  async send(line: string, expectCode: number): Promise<string> {
    const reply = this.reply();
    this.socket.write(`${line}\r\n`);
    const text = await reply;
    if (!text.startsWith(String(expectCode))) throw new Error(`"${line}" was answered "${text.trim()}"`);
    return text;
  }

  async close(): Promise<void> {
    await this.send('QUIT', 221);
    this.socket.end();
  }
}

async function sendMail(
  port: number,
  envelope: { from: string; to: string[] },
  message: string,
  auth?: { user: string; pass: string },
): Promise<void> {
  const { smtp, greeting } = await SmtpConversation.open(port);
  expect(greeting).toMatch(/^220 /);
  await smtp.send('EHLO client.test', 250);
  if (auth) {
    const token = Buffer.from(`\0${auth.user}\0${auth.pass}`).toString('base64');
    await smtp.send(`AUTH PLAIN ${token}`, 235);
  }
  await smtp.send(`MAIL FROM:<${envelope.from}>`, 250);
  for (const to of envelope.to) await smtp.send(`RCPT TO:<${to}>`, 250);
  await smtp.send('DATA', 354);
  // Lines starting with a dot are doubled, as SMTP requires.
  const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
  await smtp.send(`${body}\r\n.`, 250);
  await smtp.close();
}

const welcome = [
  'From: Orion <no-reply@orion.test>',
  'To: Ada <ada@example.test>',
  `Subject: =?UTF-8?B?${Buffer.from('Willkommen, Zoë').toString('base64')}?=`,
  'X-Orion-Template: account.welcome',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello Ada,',
  '.a line starting with a dot',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hello <b>Ada</b></p>',
  '--b1--',
].join('\n');

describe('SMTP sink', () => {
  let sink: SmtpSink;

  beforeAll(async () => (sink = await SmtpSink.start()));
  afterAll(() => sink.stop());
  beforeEach(() => sink.clear());

  it('receives an authenticated mail and parses subject, text, html, addresses and headers', async () => {
    const arriving = sink.waitForMessage((m) => m.to.includes('ada@example.test'), 5000);
    await sendMail(
      sink.port,
      { from: 'bounce@orion.test', to: ['ada@example.test', 'audit@orion.test'] },
      welcome,
      { user: 'mailer', pass: 'any-password' },
    );
    const mail = await arriving;
    expect(mail).toMatchObject({
      envelope: { from: 'bounce@orion.test', to: ['ada@example.test', 'audit@orion.test'] },
      authUser: 'mailer',
      from: ['no-reply@orion.test'],
      to: ['ada@example.test'],
      subject: 'Willkommen, Zoë',
      html: '<p>Hello <b>Ada</b></p>',
    });
    expect(mail.text).toBe('Hello Ada,\n.a line starting with a dot');
    expect(mail.headers['x-orion-template']).toBe('account.welcome');
    expect(sink.messages()).toHaveLength(1);
  });

  it('accepts mail without authentication and finds a message received before the wait', async () => {
    await sendMail(sink.port, { from: 'a@orion.test', to: ['b@example.test'] }, 'Subject: plain\n\nbody');
    const mail = await sink.waitForMessage((m) => m.subject === 'plain', 1000);
    expect(mail.authUser).toBeUndefined();
    expect(mail.text?.trim()).toBe('body');
    expect(mail.html).toBeUndefined();
  });

  it('rejects a wait that times out, listing what did arrive', async () => {
    await sendMail(sink.port, { from: 'a@orion.test', to: ['b@example.test'] }, 'Subject: other\n\nx');
    await expect(sink.waitForMessage((m) => m.subject === 'never', 200)).rejects.toThrow(
      /no matching e-mail within 200 ms; received 1: .*other/,
    );
  });
});

describe('HTTP sink', () => {
  let sink: HttpSink;

  beforeAll(async () => (sink = await HttpSink.start()));
  afterAll(() => sink.stop());
  beforeEach(() => sink.clear());

  it('records a JSON POST with its headers, raw body and parsed JSON, answering 200 by default', async () => {
    const arriving = sink.waitForRequest((r) => r.path === '/hooks/orders', 5000);
    const payload = { event: 'user.created', data: { id: 'u1' } };
    const response = await fetch(sink.url('/hooks/orders?attempt=1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-orion-signature': 'sha256=abc' },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(200);
    const request = await arriving;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/orders', query: { attempt: '1' } });
    expect(request.headers['x-orion-signature']).toBe('sha256=abc');
    expect(request.text).toBe(JSON.stringify(payload));
    expect(request.json).toEqual(payload);
    expect(sink.requests()).toHaveLength(1);
  });

  it('answers a configured 500, then the answers that follow in turn', async () => {
    sink.respond('/hooks/flaky', { status: 500, body: { error: 'down' } }, { status: 202, body: 'accepted' });
    const first = await fetch(sink.url('/hooks/flaky'), { method: 'POST', body: '{}' });
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({ error: 'down' });
    for (let i = 0; i < 2; i++) {
      const later = await fetch(sink.url('/hooks/flaky'), { method: 'POST', body: '{}' });
      expect(later.status).toBe(202);
      expect(await later.text()).toBe('accepted');
    }
    expect(sink.requests().map((r) => r.path)).toEqual(['/hooks/flaky', '/hooks/flaky', '/hooks/flaky']);
  });

  it('delays a configured answer, and a client that gives up first is still recorded', async () => {
    sink.respond('/slow', { delayMs: 400 });
    const started = Date.now();
    const response = await fetch(sink.url('/slow'));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);

    const abandoned = fetch(sink.url('/slow'), { signal: AbortSignal.timeout(100) });
    await expect(abandoned).rejects.toThrow();
    expect(sink.requests()).toHaveLength(2);
  });

  it('parses a form body as an SMS API receives it', async () => {
    await fetch(sink.url('/2010-04-01/Accounts/AC1/Messages.json'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: '+15550001111', Body: 'Your code is 123456' }),
    });
    const request = await sink.waitForRequest((r) => r.form?.To === '+15550001111', 1000);
    expect(request.form).toEqual({ To: '+15550001111', Body: 'Your code is 123456' });
    expect(request.json).toBeUndefined();
  });
});
