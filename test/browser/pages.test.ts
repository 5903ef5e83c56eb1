import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { runDemoTraffic } from '../../scripts/demo-traffic';
import { ApiPaths, TransferPaths, type Alert, type Balance } from '../../src/shared/contract/api';
import { formatList, formatMoney } from '../../src/skill/speech/format';
import quickRequests from '../../src/skill/web/quick-requests.json';
import { beforeAnythingElse, expected } from '../support/skill';
import { CHROMIUM, launchChromium, screenshot, startStack, VIEWPORT, watchedPage, type PageWatch, type Stack } from './support';

const ALICE = 'demo-alice';

async function backendGet<T>(stack: Stack, path: string, token: string): Promise<T> {
  const reply = await fetch(`${stack.backendUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(reply.status, 200, `${path}: ${reply.status}`);
  return (await reply.json()) as T;
}

/** What Alice's balance answer says in a locale, from her balances in the backend right now. */
async function aliceBalanceSpeech(stack: Stack, locale: string): Promise<string> {
  const { balances } = await backendGet<{ balances: Balance[] }>(stack, ApiPaths.balances, ALICE);
  const list = formatList(
    balances.map((balance) => formatMoney(balance.availableMinor, balance.currency, locale)),
    locale,
  );
  return expected(locale, 'balance.several', { list });
}

/** The console's last answer, once there are `turns` turns in the log. */
async function answerAfter(page: Page, turns: number): Promise<string> {
  await page
    .locator('#turns > li')
    .nth(turns - 1)
    .waitFor({ timeout: 15_000 });
  return (
    await page
      .locator('#transcript > li.skill')
      .last()
      .evaluate((item) => item.firstChild?.textContent ?? '')
  ).trim();
}

function assertClean(watch: PageWatch): void {
  assert.deepEqual(watch.outsideRequests, [], 'requests to other hosts');
  assert.deepEqual(watch.consoleErrors, [], 'console errors');
}

async function fitsViewport(page: Page): Promise<void> {
  const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
  assert.ok(size.width <= VIEWPORT.width && size.height <= VIEWPORT.height, `page is ${size.width}x${size.height}: it scrolls`);
}

describe('browser: voice console and analytics dashboard', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      // .ci/run installs it; a developer machine without it says so in the summary line.
      process.stderr.write(`browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium)\n`);
      this.skip();
    }
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  describe('browser: voice console', () => {
    let watch: PageWatch;
    beforeEach(async () => {
      watch = await watchedPage(browser);
      await watch.page.goto(`${stack.skillUrl}/console`);
      await watch.page.waitForSelector('body[data-ready="true"]');
      await watch.page.selectOption('#user', ALICE);
    });
    afterEach(() => watch.context.close());

    it('offers the six languages, the demo users, and the same quick requests as the Jovo debugger', async () => {
      const { page } = watch;
      const locales = await page.locator('#language option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
      assert.deepEqual(locales, ['en-US', 'de-DE', 'es-ES', 'fr-FR', 'ja-JP', 'zh-CN']);
      const users = await page.locator('#user option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
      assert.deepEqual(users, ['demo-alice', 'demo-bruno', 'demo-chen', 'demo-sofia', 'demo-yuki']);
      const quick = await page.locator('#quick button').allTextContents();
      assert.deepEqual(
        quick,
        quickRequests.map((request) => request.label),
      );
      assert.equal(await page.locator('#mic').count(), 1);
      await fitsViewport(page);
      assertClean(watch);
    });

    it('asks for the balance in English and in German and shows the answers, intent, latency and JSON', async () => {
      const { page } = watch;
      await page.selectOption('#language', 'en-US');
      await page.fill('#text', 'what is my balance');
      await page.click('#send');
      assert.equal(beforeAnythingElse(await answerAfter(page, 1), 'en-US'), await aliceBalanceSpeech(stack, 'en-US'));

      await page.selectOption('#language', 'de-DE');
      await page.fill('#text', 'wie hoch ist mein Kontostand');
      await page.press('#text', 'Enter');
      assert.equal(beforeAnythingElse(await answerAfter(page, 2), 'de-DE'), await aliceBalanceSpeech(stack, 'de-DE'));

      const newest = page.locator('#turns > li').first();
      assert.equal(await newest.getAttribute('data-intent'), 'BalanceIntent');
      assert.equal(await newest.getAttribute('data-outcome'), 'answered');
      assert.match((await newest.locator('.chip.latency').textContent()) ?? '', /^\d+ ms round trip, \d+ ms in the skill$/);
      assert.equal(await newest.locator('.chip.locale').textContent(), 'de-DE');

      const responseJson = newest.locator('details').nth(1);
      assert.equal(await responseJson.locator('pre').isVisible(), false, 'JSON starts collapsed');
      await responseJson.locator('summary').click();
      const response = JSON.parse((await responseJson.locator('pre').textContent()) ?? '{}');
      assert.equal(response.context.turn.intent, 'BalanceIntent');
      const request = JSON.parse((await newest.locator('details').first().locator('pre').textContent()) ?? '{}');
      assert.equal(request.locale, 'de-DE');
      assert.equal(request.data.accessToken, ALICE);
      assert.equal(request.input.text, 'wie hoch ist mein Kontostand');

      await screenshot(page, 'console-balance-en-de');
      await fitsViewport(page);
      assertClean(watch);
    });

    it('runs through the security alert: announced first on launch, then cancelled, money back', async () => {
      const { page } = watch;
      const [alert] = (await backendGet<{ alerts: Alert[] }>(stack, TransferPaths.alerts, ALICE)).alerts;
      assert.ok(alert, 'the seed holds a transfer of Alice with an open alert');
      const amount = formatMoney(alert.transfer.amountMinor, alert.transfer.currency, 'en-US');

      await page.selectOption('#language', 'en-US');
      await page.click('#quick button[data-quick="Launch"]');
      const announced = await answerAfter(page, 1);
      assert.ok(announced.startsWith(expected('en-US', 'securityAlert.opening', { amount, payee: alert.transfer.payee.name })), announced);
      assert.ok(announced.endsWith(expected('en-US', 'securityAlert.askCancel')), announced);
      assert.equal(await page.locator('#turns > li').first().getAttribute('data-outcome'), 'security_alert');

      await page.fill('#text', "I'm scared, is this a scam?");
      await page.click('#send');
      await answerAfter(page, 2);
      const worried = page.locator('#turns > li').first();
      assert.equal(await worried.getAttribute('data-outcome'), 'security_alert');
      assert.equal(await worried.getAttribute('data-emotion'), 'anxious', 'the detected emotion is shown');

      await page.fill('#text', 'cancel it');
      await page.click('#send');
      const cancelled = await answerAfter(page, 3);
      assert.ok(cancelled.startsWith(expected('en-US', 'securityAlert.decided.cancel', { amount })), cancelled);

      const stillOpen = (await backendGet<{ alerts: Alert[] }>(stack, TransferPaths.alerts, ALICE)).alerts;
      assert.ok(!stillOpen.some((open) => open.id === alert.id), 'the alert is decided in the backend');
      await screenshot(page, 'console-security-alert');
      assertClean(watch);
    });

    it("refuses other hosts twice: the page's own policy, and the test's routing (so the check itself works)", async () => {
      const { page } = watch;
      const fetched = await page.evaluate(() =>
        fetch('https://cdn.example.com/library.js').then(
          () => 'loaded',
          () => 'refused',
        ),
      );
      assert.equal(fetched, 'refused');
      assert.ok(
        watch.consoleErrors.some((error) => error.includes('Content Security Policy')),
        watch.consoleErrors.join('\n'),
      );
      await page.goto('https://cdn.example.com/library.js').catch(() => undefined);
      assert.deepEqual(watch.outsideRequests, ['https://cdn.example.com/library.js']);
    });
  });

  describe('browser: analytics dashboard', () => {
    it('shows data in every chart after demo traffic, readable at 1280x800 without scrolling', async () => {
      const report = await runDemoTraffic({
        skillUrl: stack.skillUrl,
        backendUrl: stack.backendUrl,
        conversations: 40,
        alerts: 8,
        seed: 11,
      });
      assert.equal(report.failedTurns, 0);
      assert.equal(report.backendErrorTurns, 0, 'the demo users answered every turn');
      assert.ok(report.alertDialogues >= 6, JSON.stringify(report));
      // Turn events are sent after each answer, without waiting: give the last ones a moment.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const watch = await watchedPage(browser);
      try {
        const { page } = watch;
        await page.goto(`${stack.skillUrl}/dashboard`);
        await page.waitForSelector('body[data-loaded="true"]');
        const cards = await page.locator('figure[data-chart]').evaluateAll((figures) =>
          figures.map((figure) => {
            const canvas = figure.querySelector('canvas') as HTMLCanvasElement;
            const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
            let painted = 0;
            for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) painted += 1;
            return {
              chart: (figure as HTMLElement).dataset.chart,
              hasData: (figure as HTMLElement).dataset.hasData,
              width: canvas.clientWidth,
              height: canvas.clientHeight,
              painted,
            };
          }),
        );
        assert.deepEqual(
          cards.map(({ chart }) => chart),
          ['perDay', 'rates', 'backendErrors', 'perLanguage', 'faqTopics', 'handoffs', 'alerts', 'dissuasionEmotion', 'dissuasionVariant'],
        );
        for (const card of cards) {
          assert.equal(card.hasData, 'true', `${card.chart} has no data`);
          assert.ok(card.width > 150 && card.height > 120, `${card.chart} is ${card.width}x${card.height}`);
          assert.ok(card.painted > 500, `${card.chart} drew nothing`);
        }
        for (const kpi of ['conversations', 'turns', 'containment', 'fallback', 'backend-errors']) {
          assert.notEqual(await page.locator(`#kpi-${kpi}`).textContent(), '–', kpi);
        }
        // Demo conversations reach back 14 days; the oldest hours may fall before the window's first midnight.
        assert.ok(Number(await page.locator('#kpi-conversations').textContent()) >= report.conversations / 2);
        await fitsViewport(page);
        await screenshot(page, 'dashboard');
        assertClean(watch);
      } finally {
        await watch.context.close();
      }
    });

    it('says so plainly when the backend has no analytics key', async () => {
      const watch = await watchedPage(browser);
      try {
        await watch.page.route('**/dashboard/summary.json*', (route) =>
          route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'not_configured', message: 'Analytics are not configured' } }),
          }),
        );
        await watch.page.goto(`${stack.skillUrl}/dashboard/`);
        await watch.page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('not configured'));
        assert.equal(await watch.page.locator('figure[data-has-data="true"]').count(), 0);
      } finally {
        await watch.context.close();
      }
    });
  });
});
