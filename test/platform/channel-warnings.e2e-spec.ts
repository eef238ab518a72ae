import {
  createTestDatabase,
  dropTestDatabase,
  freePort,
  ServiceProcess,
  startServiceProcess,
} from '@orion/testing';

/**
 * What the built notification service tells its operator at boot about its delivery channels:
 * each channel without a provider, with the variables that would give it one.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface LogLine {
  level: number;
  msg: string;
}

const lines = (app: ServiceProcess): LogLine[] =>
  app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

describe('the notification service at boot', () => {
  let database: { name: string; url: string };
  let app: ServiceProcess | undefined;

  const start = async (env: NodeJS.ProcessEnv) => {
    const port = await freePort();
    app = await startServiceProcess(
      'notification',
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        NOTIFICATION_PORT: String(port),
        NOTIFICATION_DATABASE_URL: database.url,
        REDIS_URL,
        ...env,
      },
      port,
    );
    // The warnings come from the bootstrap hook, before the HTTP server listens.
    return lines(app);
  };

  beforeAll(async () => {
    database = await createTestDatabase('orion_channel_boot');
  });

  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  afterAll(async () => {
    await dropTestDatabase(database.name);
  });

  it('warns about each channel without a provider, naming what would configure it', async () => {
    const warnings = (await start({}))
      .filter((line) => line.level === 40 && line.msg.includes('is not configured'))
      .map((line) => line.msg);
    expect(warnings).toEqual([
      expect.stringMatching(/^EMAIL is not configured: .*422 CHANNEL_NOT_CONFIGURED.*set SMTP_HOST/),
      expect.stringMatching(/^SMS is not configured: .*TWILIO_ACCOUNT_SID.*or VONAGE_API_KEY/),
      expect.stringMatching(/^PUSH is not configured: .*VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY/),
    ]);
  });

  it('warns about none in development with a mail catcher: SMS and push go to the outbox', async () => {
    const logged = await start({ NODE_ENV: 'development', SMTP_HOST: '127.0.0.1', SMTP_PORT: '1025' });
    expect(logged.filter((line) => line.msg.includes('is not configured'))).toEqual([]);
    expect(logged.map((line) => line.msg)).toContainEqual(
      'SMS and PUSH go to the development outbox: e-mails to smtp-primary',
    );
  });
});
