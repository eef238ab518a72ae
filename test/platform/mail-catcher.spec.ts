import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, SmtpSink } from '@orion/testing';
import nodemailer from 'nodemailer';

/**
 * The mail catcher `npm start` runs (start_mail_catcher in scripts/lib/common.sh), started the way
 * the script starts it: a message sent to its SMTP port can be read back from its web inbox's API,
 * and it stops with the shell that started it.
 */

const ROOT = join(__dirname, '..', '..');

interface Shell {
  child: ChildProcessWithoutNullStreams;
  /** Everything the shell printed until it reported READY. */
  output: string;
  /** The SMTP host and port the services were told to use, as the shell exported them. */
  smtp: string;
}

// Keeps the shell alive until its stdin closes, as start.sh stays alive until Ctrl-C.
const SCRIPT = `source scripts/lib/common.sh
trap stop_mail_catcher EXIT
start_mail_catcher
echo "READY $SMTP_HOST:$SMTP_PORT"
read -r _ || true`;

async function startShell(env: Record<string, string>): Promise<Shell> {
  const child = spawn('bash', ['-c', SCRIPT], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const smtp = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\S+)/.exec(output);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`shell exited ${code}: ${output}`)));
  });
  return { child, output, smtp };
}

async function stopShell(shell: Shell): Promise<void> {
  if (shell.child.exitCode !== null) return;
  const exited = once(shell.child, 'exit');
  shell.child.stdin.end();
  await exited;
}

const listening = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(false));
  });

describe('the local mail catcher (npm start)', () => {
  it('catches a message on its SMTP port, shows it in its inbox, and stops with the script', async () => {
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    const shell = await startShell({
      SMTP_HOST: '127.0.0.1',
      MAILDEV_SMTP_PORT: String(smtpPort),
      MAILDEV_WEB_PORT: String(webPort),
    });
    try {
      // The services are pointed at the catcher, which is bound to 127.0.0.1 alone.
      expect(shell.smtp).toBe(`127.0.0.1:${smtpPort}`);
      expect([await listening(smtpPort, '127.0.0.2'), await listening(webPort, '127.0.0.2')]).toEqual([
        false,
        false,
      ]);
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false });
      await transport.sendMail({
        from: 'Orion <no-reply@orion.local>',
        to: 'ada@example.com',
        subject: 'Verify your address',
        text: 'Open https://app.orion.local/verify?token=abc',
      });
      transport.close();

      const inbox = await fetch(`http://127.0.0.1:${webPort}/api/email`);
      expect(inbox.status).toBe(200);
      const mails = (await inbox.json()) as Array<{
        subject: string;
        text: string;
        to: { address: string }[];
      }>;
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({
        subject: 'Verify your address',
        to: [{ address: 'ada@example.com' }],
      });
      expect(mails[0].text).toContain('https://app.orion.local/verify?token=abc');
      // The inbox page itself, where a developer reads the mail.
      const page = await fetch(`http://127.0.0.1:${webPort}/`, { headers: { accept: 'text/html' } });
      expect([page.status, page.headers.get('content-type')]).toEqual([
        200,
        expect.stringContaining('text/html'),
      ]);
    } finally {
      await stopShell(shell);
    }
    expect(await listening(smtpPort)).toBe(false);
    expect(await listening(webPort)).toBe(false);
  });

  it('starts nothing when SMTP_HOST names another relay', async () => {
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    const shell = await startShell({
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '587',
      MAILDEV_SMTP_PORT: String(smtpPort),
      MAILDEV_WEB_PORT: String(webPort),
    });
    try {
      expect(shell.smtp).toBe('smtp.example.com:587');
      expect(shell.output).toContain('no local mail catcher started');
      expect(await listening(smtpPort)).toBe(false);
      expect(await listening(webPort)).toBe(false);
    } finally {
      await stopShell(shell);
    }
  });

  it('uses a mail server that already listens on the port instead of failing', async () => {
    const running = await SmtpSink.start();
    const webPort = await freePort();
    const shell = await startShell({
      SMTP_HOST: 'localhost',
      MAILDEV_SMTP_PORT: String(running.port),
      MAILDEV_WEB_PORT: String(webPort),
    });
    try {
      expect(shell.smtp).toBe(`127.0.0.1:${running.port}`);
      expect(shell.output).toContain(`already listens on 127.0.0.1:${running.port}`);
      expect(await listening(webPort)).toBe(false);
    } finally {
      await stopShell(shell);
      await running.stop();
    }
  });
});
