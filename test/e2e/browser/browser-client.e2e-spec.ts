import type { Page } from 'puppeteer-core';
import { Platform, startPlatform } from '../harness';
import { mailTo, tokenFromLink, uniqueAddress } from '../journeys/journey-client';
import {
  ensureChromium,
  fetchInPage,
  HeadlessChromium,
  launchChromium,
  PageAnswer,
  startPageServer,
} from '@orion/testing/chromium';

const PASSWORD = 'a-front-end-on-another-origin';

/** The answer, or a failure that says what the browser reported. */
function answered(result: PageAnswer | { error: string }): PageAnswer {
  if ('error' in result) throw new Error(`the browser refused the call: ${result.error}`);
  return result;
}

/**
 * A front end served from its own origin (http://localhost:<port>) calls the three services
 * (http://127.0.0.1:<port>) from a real Chromium: every answer must be readable by the page,
 * and a page on an origin outside CORS_ORIGINS must be blocked by the browser.
 */
describe('a browser front end on another origin', () => {
  let platform: Platform;
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  let chromium: HeadlessChromium;
  let page: Page;
  let frontEnd: string;

  beforeAll(async () => {
    ensureChromium();
    pages = await startPageServer();
    frontEnd = `http://localhost:${pages.port}`;
    // Seeded like the journeys: the notification service mails from its seeded templates.
    platform = await startPlatform({ seed: true, logLevel: 'warn', env: { CORS_ORIGINS: frontEnd } });
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    await page.goto(`${frontEnd}/`);
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await platform?.stop();
    await pages?.stop();
  }, 60_000);

  const api = (service: 'auth' | 'user' | 'notification', path: string) =>
    `${platform[service].baseUrl}/api/v1${path}`;

  it('signs up, verifies the address, signs in and reads the profile, reading every answer', async () => {
    const email = uniqueAddress('browser');
    const json = { 'content-type': 'application/json' };
    const signUp = answered(
      await fetchInPage(page, api('auth', '/auth/sign-up'), {
        method: 'POST',
        headers: { ...json, 'x-request-id': 'browser-sign-up-1' },
        body: { email, password: PASSWORD },
      }),
    );
    expect(signUp.status).toBe(202);
    // Exposed to the page's script, not only sent.
    expect(signUp.headers['x-request-id']).toBe('browser-sign-up-1');

    const mail = await mailTo(platform.smtp, email, /Confirm your e-mail address/);
    const verified = answered(
      await fetchInPage(page, api('user', '/email-verification/verify'), {
        method: 'POST',
        headers: json,
        body: { token: tokenFromLink(mail) },
      }),
    );
    expect(verified.status).toBe(200);

    // With credentials: the auth service's device cookie lives under /api/v1/auth.
    const signIn = answered(
      await fetchInPage(page, api('auth', '/auth/sign-in'), {
        method: 'POST',
        headers: { ...json, 'x-device-id': 'browser-laptop-01' },
        body: { email, password: PASSWORD },
        credentials: 'include',
      }),
    );
    expect(signIn.status).toBe(200);
    const { accessToken } = signIn.body as { status: string; accessToken: string };
    expect(signIn.body).toMatchObject({ status: 'authenticated' });

    const profile = answered(
      await fetchInPage(page, api('user', '/users/me'), {
        headers: { authorization: `Bearer ${accessToken}` },
      }),
    );
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ email, status: 'ACTIVE' });
    expect(profile.headers['x-request-id']).toEqual(expect.any(String));

    const stream = await openInboxStream(page, api('notification', '/inbox/stream'), accessToken);
    expect(stream).toMatchObject({ status: 200, contentType: expect.stringContaining('text/event-stream') });
    expect(stream.received).toContain(': connected');
  });

  it('is blocked by the browser on an origin outside CORS_ORIGINS', async () => {
    const elsewhere = await chromium.browser.newPage();
    try {
      // Same server, other origin: 127.0.0.1 is not localhost to a browser.
      await elsewhere.goto(`http://127.0.0.1:${pages.port}/`);
      const blocked = await fetchInPage(elsewhere, api('auth', '/auth/sign-in'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: { email: 'someone@example.com', password: PASSWORD },
      });
      expect(blocked).toEqual({ error: expect.stringMatching(/TypeError: Failed to fetch/) });
      const read = await fetchInPage(elsewhere, `${platform.user.baseUrl}/health/live`);
      expect(read).toEqual({ error: expect.stringMatching(/Failed to fetch/) });
      // The service did answer: the browser only hides the answer from this origin.
      const opaque = await elsewhere.evaluate(
        async (url) => (await fetch(url, { mode: 'no-cors' })).type,
        `${platform.user.baseUrl}/health/live`,
      );
      expect(opaque).toBe('opaque');
    } finally {
      await elsewhere.close();
    }
  });
});

/**
 * Opens the inbox stream from the page with fetch and a streaming reader (EventSource cannot send
 * the bearer token the route requires) and reads until the server says it is connected.
 */
function openInboxStream(
  page: Page,
  url: string,
  accessToken: string,
): Promise<{ status: number; contentType: string | null; received: string }> {
  return page.evaluate(
    async (target, token) => {
      const controller = new AbortController();
      const response = await fetch(target, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      while (!received.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      controller.abort();
      return { status: response.status, contentType: response.headers.get('content-type'), received };
    },
    url,
    accessToken,
  );
}
