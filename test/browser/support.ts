/**
 * Browser tests: the whole stack in this process (backend on a temporary SQLite store, the skill
 * server with the console and the dashboard, both on free ports) and Debian's chromium driven by
 * playwright-core. Nothing is downloaded; every request to another host fails the test.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/skill/app';
import { startBackend } from '../../src/backend/main';
import type { RateLimitSettings } from '../../src/backend/http/rate-limit';
import { BackendClient } from '../../src/skill/services/backend-client';
import { createLogger } from '../../src/shared/logger';
import { PROJECT_ROOT } from '../../src/shared/project-paths';
import { createSkillServer } from '../../src/skill/server/express';
import { makeDataDir } from '../backend/support';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = join(PROJECT_ROOT, 'test-output', 'browser');
export const VIEWPORT = { width: 1280, height: 800 } as const;

/** No sandbox (containers), no GPU, and no traffic of the browser's own (updates, sync, QUIC). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface Stack {
  skillUrl: string;
  backendUrl: string;
  close(): Promise<void>;
}

/** Backend and skill as `npm start` wires them, on free ports and a throw-away store. */
export async function startStack({
  // Demo traffic sends many turns per user within a minute: no per-user limit unless a test wants one.
  rateLimits = { windowSeconds: 60, perIp: 0, perUser: 0 },
}: { rateLimits?: RateLimitSettings } = {}): Promise<Stack> {
  const dataDir = await makeDataDir();
  const analyticsKey = randomBytes(24).toString('base64url');
  const logger = createLogger('silent');
  const backend = await startBackend({
    port: 0,
    store: { dataDir },
    logger,
    analyticsApiKey: analyticsKey,
    rateLimits,
  });
  const client = new BackendClient({ baseUrl: backend.url, timeoutMs: 2500 });
  const app = createApp({ backend: client, logger });
  await app.initialize();
  const server = await new Promise<Server>((resolve) => {
    const listening = createSkillServer({ app, logger, pages: { backend: client, analyticsKey } }).listen(0, () => resolve(listening));
  });
  return {
    skillUrl: `http://localhost:${(server.address() as AddressInfo).port}`,
    backendUrl: backend.url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** What a page did wrong: console errors, uncaught exceptions, requests to other hosts. */
export interface PageWatch {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  outsideRequests: string[];
}

function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/** A 1280x800 page whose every non-local request is refused and recorded. */
export async function watchedPage(browser: Browser): Promise<PageWatch> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', serviceWorkers: 'block' });
  const watch: Omit<PageWatch, 'page'> = { context, consoleErrors: [], outsideRequests: [] };
  await context.route(
    (url) => !isLocal(url.toString()),
    (route) => {
      watch.outsideRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(`uncaught: ${error.message}`));
  return { ...watch, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
