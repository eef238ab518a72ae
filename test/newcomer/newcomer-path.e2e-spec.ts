import { createOrionClient, memoryTokenStore, OrionClient } from '@orion/client';
import type { InboxItem, OrionSession } from '@orion/client';
import {
  ensureChromium,
  fetchInPage,
  HeadlessChromium,
  launchChromium,
  PageAnswer,
  startPageServer,
} from '@orion/testing/chromium';
import { eventually } from '@orion/testing';
import { connect } from 'node:net';
import type { Page } from 'puppeteer-core';
import { SAMPLE_ADMIN } from '../../prisma/sample-accounts';
import { problemOf, sessionOf, tokenFromLink } from '../e2e/journeys/journey-client';
import { cloneCommittedHead, dropCloneDatabases, RunningClone, startClone } from './fresh-clone';
import { waitForCaughtMail } from './mail-catcher.client';

/**
 * A newcomer's first hour, from a clean clone of the committed HEAD: `npm start` as the README
 * says (install, databases, build, mail catcher, services), sign up, verify from the mail in the
 * catcher, sign in from a page on another origin in Chromium, and get an in-app notification
 * into the inbox through @orion/client. Every failure names the step it happened in.
 */

const PASSWORD = 'my-first-hour-with-orion';
// npm ci and the build run inside: minutes, not seconds.
const START_TIMEOUT_MS = 12 * 60_000;

async function step<T>(name: string, clone: RunningClone | undefined, run: () => Promise<T>): Promise<T> {
  process.stdout.write(`newcomer path: ${name}\n`);
  try {
    return await run();
  } catch (error) {
    const where = clone
      ? `\nnpm start was at "${clone.lastStep()}"; its last lines:\n${clone.outputTail()}`
      : '';
    throw new Error(`Step "${name}" failed: ${(error as Error).message}${where}`, { cause: error });
  }
}

function answered(result: PageAnswer | { error: string }, status: number): PageAnswer {
  if ('error' in result) throw new Error(`the browser refused the call: ${result.error}`);
  if (result.status !== status)
    throw new Error(`expected ${status}, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(false));
  });

describe('a newcomer on a fresh clone', () => {
  let repository: ReturnType<typeof cloneCommittedHead> | undefined;
  let clone: RunningClone | undefined;
  let pages: Awaited<ReturnType<typeof startPageServer>> | undefined;
  let chromium: HeadlessChromium | undefined;
  let leftRunning: string[] | undefined;

  const stopEverything = async () => {
    await chromium?.close();
    chromium = undefined;
    await pages?.stop();
    pages = undefined;
    if (clone && !leftRunning) leftRunning = await clone.stop();
    if (clone) await dropCloneDatabases(clone.databases);
    repository?.remove();
    repository = undefined;
  };

  afterAll(stopEverything, 120_000);

  it(
    'starts the platform with npm start, signs up, verifies, signs in from a browser and reads an in-app notification',
    async () => {
      await step('clone the committed HEAD', undefined, async () => {
        repository = cloneCommittedHead();
        ensureChromium();
        pages = await startPageServer();
      });
      const frontEnd = `http://localhost:${pages!.port}`;

      clone = await step('npm start', undefined, () =>
        startClone(repository!.dir, {
          redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
          env: { CORS_ORIGINS: frontEnd },
        }),
      );
      await step('wait for /health/ready of the three services and the mail catcher', clone, () =>
        clone!.ready(START_TIMEOUT_MS),
      );
      const api = (service: 'auth' | 'user' | 'notification', path: string) =>
        `${clone!.baseUrl[service]}/api/v1${path}`;

      const email = `newcomer-${process.pid}-${Date.now().toString(36)}@example.com`;
      const page: Page = await step('open the front end in Chromium', clone, async () => {
        chromium = await launchChromium();
        const opened = await chromium.browser.newPage();
        await opened.goto(`${frontEnd}/`);
        return opened;
      });
      const json = { 'content-type': 'application/json' };

      await step('sign up', clone, async () => {
        answered(
          await fetchInPage(page, api('auth', '/auth/sign-up'), {
            method: 'POST',
            headers: json,
            body: { email, password: PASSWORD },
          }),
          202,
        );
      });
      const mail = await step('read the verification mail in the catcher (maildev REST API)', clone, () =>
        waitForCaughtMail(clone!.mailUrl, email, /Confirm your e-mail address/),
      );
      await step('verify the address with the token from the mail', clone, async () => {
        answered(
          await fetchInPage(page, api('user', '/email-verification/verify'), {
            method: 'POST',
            headers: json,
            body: { token: tokenFromLink(mail) },
          }),
          200,
        );
      });

      const session: OrionSession = await step('sign in from the page on another origin', clone, async () => {
        const signIn = answered(
          await fetchInPage(page, api('auth', '/auth/sign-in'), {
            method: 'POST',
            headers: json,
            body: { email, password: PASSWORD, deviceId: 'newcomer-laptop-01' },
            credentials: 'include',
          }),
          200,
        );
        const body = signIn.body as {
          status: string;
          accessToken: string;
          refreshToken: string;
          sessionId: string;
          expiresIn: number;
          refreshExpiresAt: string;
        };
        expect(body.status).toBe('authenticated');
        return {
          accessToken: body.accessToken,
          refreshToken: body.refreshToken,
          sessionId: body.sessionId,
          accessTokenExpiresAt: Date.now() + body.expiresIn * 1000,
          refreshTokenExpiresAt: body.refreshExpiresAt,
        };
      });

      const urls = {
        authUrl: clone.baseUrl.auth,
        userUrl: clone.baseUrl.user,
        notificationUrl: clone.baseUrl.notification,
      };
      // The browser's session, carried on by the client as a front end would keep it.
      const newcomer: OrionClient = createOrionClient({ ...urls, tokenStore: memoryTokenStore(session) });
      const { data: me } = await step('read the profile through @orion/client', clone, () =>
        newcomer.user.GET('/api/v1/users/me'),
      );
      expect(me).toMatchObject({ email, status: 'ACTIVE' });
      const notification = {
        recipient: { userId: me!.id },
        channels: ['IN_APP' as const],
        content: { title: 'Hello from my first hour', text: 'Orion runs on my machine.' },
        category: 'ACCOUNT',
      };

      await step('a fresh account may not send yet (403, no notifications:send)', clone, async () => {
        expect((await problemOf(newcomer.sendNotification(notification))).status).toBe(403);
      });
      await step('the seeded administrator grants notifications:send', clone, async () => {
        const admin = createOrionClient(urls);
        sessionOf(
          await admin.signIn({ email: SAMPLE_ADMIN.email, password: SAMPLE_ADMIN.developmentPassword }),
        );
        await admin.user.POST('/api/v1/users/{userId}/permissions', {
          params: { path: { userId: me!.id } },
          body: { permission: 'notifications:send' },
        });
        await admin.signOut();
      });

      let connected!: () => void;
      const subscribed = new Promise<void>((resolve) => (connected = resolve));
      const stream = newcomer.inbox.stream({ onConnect: () => connected() });
      try {
        const streamed = await step(
          'send itself an in-app notification and see it on the inbox stream',
          clone,
          async () => {
            // Pulling the first item opens the stream; the send goes out once the service says it is subscribed.
            const next = stream[Symbol.asyncIterator]().next();
            await Promise.race([
              subscribed,
              next.then(() => Promise.reject(new Error('the inbox stream ended before it was subscribed'))),
            ]);
            const sent = await newcomer.sendNotification(notification);
            expect(sent.status).toBe(202);
            const { value } = await next;
            return { item: value as InboxItem, id: sent.notifications[0]!.id };
          },
        );
        expect(streamed.item).toMatchObject({
          id: streamed.id,
          title: 'Hello from my first hour',
          body: 'Orion runs on my machine.',
        });

        await step('find it in the inbox list', clone, async () => {
          // The stream announces an item just before its delivery is recorded, and the list
          // shows delivered items only: the list may lag the stream by a moment.
          const listed = await eventually(async () => {
            const { data: inbox } = await newcomer.notification.GET('/api/v1/inbox', {
              params: { query: { view: 'unread' } },
            });
            return inbox!.items.find((item) => item.id === streamed.id);
          }, 'the sent notification in GET /inbox');
          expect(listed).toMatchObject({ title: 'Hello from my first hour', readAt: null });
        });
      } finally {
        stream.close();
      }
    },
    START_TIMEOUT_MS + 5 * 60_000,
  );

  it('stops every process npm start started with one Ctrl-C, freeing its ports', async () => {
    if (!clone) throw new Error('npm start never ran: see the first test');
    const ports = clone.ports;
    leftRunning = await clone.stop();
    expect(leftRunning).toEqual([]);
    expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false));
  }, 60_000);
});
