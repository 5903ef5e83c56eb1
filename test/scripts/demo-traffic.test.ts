import assert from 'node:assert/strict';
import { runDemoTraffic, TurnPacer } from '../../scripts/demo-traffic';
import { DEFAULT_RATE_LIMITS } from '../../src/backend/http/rate-limit';
import { ApiPaths, type Balance } from '../../src/shared/contract/api';
import { DEMO_TRAFFIC_USERS, DEMO_USERS } from '../../src/shared/demo-users';
import { formatList, formatMoney } from '../../src/skill/speech/format';
import { startStack, type Stack } from '../browser/support';
import { beforeAnythingElse, expected } from '../support/skill';
import { consoleTurn } from '../support/web-console';

const ALICE = DEMO_USERS.alice;

async function backendGet(stack: Stack, path: string, token: string): Promise<Response> {
  const reply = await fetch(`${stack.backendUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(reply.status, 200, `${path}: ${reply.status}`);
  return reply;
}

async function aliceBalanceSpeech(stack: Stack, locale: string): Promise<string> {
  const { balances } = (await (await backendGet(stack, ApiPaths.balances, ALICE.token)).json()) as { balances: Balance[] };
  const list = formatList(
    balances.map((balance) => formatMoney(balance.availableMinor, balance.currency, locale)),
    locale,
  );
  return expected(locale, 'balance.several', { list });
}

describe('demo traffic', () => {
  describe('pacing: each demo-traffic user stays within its per-user budget', () => {
    it('plans at most 80% of the budget at 3 backend calls a turn, and waits in a full window', async () => {
      let now = 0;
      const waits: number[] = [];
      const pacer = new TurnPacer(
        { perUser: 30, windowSeconds: 60 },
        () => now,
        async (ms) => {
          waits.push(ms);
          now += ms;
        },
      );
      assert.equal(pacer.turnsPerWindow, 8);
      for (let turn = 0; turn < 8; turn++) {
        await pacer.take('demo-traffic-alice-1');
        now += 1000;
      }
      assert.deepEqual(waits, []);
      assert.equal(pacer.room('demo-traffic-alice-1'), 0);
      assert.equal(pacer.room('demo-traffic-alice-2'), 8, 'every user has a budget of its own');
      await pacer.take('demo-traffic-alice-1');
      assert.equal(waits.length, 1);
      assert.ok(now > 60_000, 'the ninth turn waits until the first leaves the window');
    });

    it('does not pace a backend without a per-user limit', () => {
      assert.equal(new TurnPacer({ perUser: 0, windowSeconds: 60 }).turnsPerWindow, Number.POSITIVE_INFINITY);
      assert.equal(new TurnPacer(DEFAULT_RATE_LIMITS).turnsPerWindow, 80);
    });
  });

  describe('demo traffic against the backend with its default rate limits', function () {
    this.timeout(240_000);
    let stack: Stack;
    before(async () => {
      stack = await startStack({ rateLimits: { ...DEFAULT_RATE_LIMITS } });
    });
    after(() => stack?.close());

    it('talks as the demo-traffic users only: right after it, a console turn as demo-alice answers the balance', async () => {
      const report = await runDemoTraffic({ skillUrl: stack.skillUrl, backendUrl: stack.backendUrl, conversations: 30, alerts: 4, seed: 3 });
      assert.equal(report.failedTurns, 0, JSON.stringify(report));
      assert.equal(report.backendErrorTurns, 0, JSON.stringify(report));
      assert.ok(report.alertsOpened >= 3, JSON.stringify(report));

      // Alice's per-user budget is whole: the demo traffic spent the demo-traffic users' budgets.
      const probe = await backendGet(stack, ApiPaths.profile, ALICE.token);
      assert.match(probe.headers.get('ratelimit') ?? '', new RegExp(`limit=${DEFAULT_RATE_LIMITS.perUser}, remaining=${DEFAULT_RATE_LIMITS.perUser - 1}\\b`));
      const trafficProbe = await backendGet(stack, ApiPaths.profile, DEMO_TRAFFIC_USERS[0].token);
      const remaining = Number(/remaining=(\d+)/.exec(trafficProbe.headers.get('ratelimit') ?? '')?.[1]);
      assert.ok(remaining < DEFAULT_RATE_LIMITS.perUser - 1, 'the demo traffic spoke as its own users');

      for (const [locale, text] of [
        ['en-US', 'what is my balance'],
        ['de-DE', 'wie hoch ist mein Kontostand'],
      ]) {
        const { speech, turn } = await consoleTurn(stack.skillUrl, text, locale, ALICE.token);
        assert.equal(beforeAnythingElse(speech, locale), await aliceBalanceSpeech(stack, locale));
        assert.equal(turn?.outcome, 'answered');
      }
    });
  });
});
