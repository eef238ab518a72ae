import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';

// Imported as @orion/testing/chromium, not through the index, so only browser tests load puppeteer.
const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The machine's Chromium, installed by scripts/install-chromium.sh when missing (npm test runs
 * it too), so the browser tests (test/e2e/browser, test/newcomer) never quietly skip.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const installed = spawnSync('bash', [join(ROOT, 'scripts/install-chromium.sh')], { encoding: 'utf8' });
  if (installed.status !== 0 || !existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is needed at ${CHROMIUM} and could not be installed:\n${installed.stdout}${installed.stderr}`,
    );
  }
}

export interface HeadlessChromium {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a profile of its own. Without the background-networking flags it
 * reaches out to Google's services at start, which a closed network refuses.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'orion-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A loopback server answering every GET with an empty page: the origin a front end would have. */
export async function startPageServer(): Promise<{ port: number; server: Server; stop(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><html><head><title>Orion in a browser</title></head><body></body></html>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    port,
    server,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** What a page's script sees of an answer: its status, the headers it may read, the body. */
export interface PageAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** `fetch` run by the page itself, so the browser applies CORS; a blocked call rejects with `error`. */
export function fetchInPage(
  page: Page,
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    credentials?: 'include' | 'omit' | 'same-origin';
  } = {},
): Promise<PageAnswer | { error: string }> {
  return page.evaluate(
    async (target, options) => {
      try {
        const response = await fetch(target, {
          method: options.method ?? 'GET',
          headers: options.headers,
          credentials: options.credentials ?? 'same-origin',
          ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
        });
        const text = await response.text();
        const json = text !== '' && /json/.test(response.headers.get('content-type') ?? '');
        const body: unknown = json ? JSON.parse(text) : text;
        return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body };
      } catch (error) {
        return { error: String(error) };
      }
    },
    url,
    init,
  );
}
