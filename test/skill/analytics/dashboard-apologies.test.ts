import assert from 'node:assert/strict';
import { AnalyticsSummary, ApiPaths } from '../../../src/shared/contract/api';
import { DEMO_USERS } from '../../../src/shared/demo-users';
import { startStack, type Stack } from '../../browser/support';
import { beforeAnythingElse, expected } from '../../support/skill';
import { consoleTurn } from '../../support/web-console';

const ALICE = DEMO_USERS.alice;
const PER_USER_BUDGET = 5;

/** Calls the backend as the user until it answers 429: the per-user budget is spent. */
async function spendBudget(stack: Stack, token: string): Promise<void> {
  for (let call = 0; call <= PER_USER_BUDGET; call += 1) {
    const reply = await fetch(`${stack.backendUrl}${ApiPaths.profile}`, { headers: { authorization: `Bearer ${token}` } });
    if (reply.status === 429) return;
  }
  assert.fail('the backend never refused the user');
}

/** What the dashboard shows, once the skill's fire-and-forget turn events have arrived. */
async function dashboardOnceRecorded(stack: Stack, turns: number): Promise<AnalyticsSummary> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const reply = await fetch(`${stack.skillUrl}/dashboard/summary.json`);
    assert.equal(reply.status, 200);
    const summary = AnalyticsSummary.parse(await reply.json());
    if (summary.turns >= turns) return summary;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the dashboard never showed ${turns} turn(s)`);
}

describe('analytics: a backend that refuses a user shows on the dashboard', function () {
  this.timeout(120_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack({ rateLimits: { windowSeconds: 60, perIp: 0, perUser: PER_USER_BUDGET } });
  });
  after(() => stack?.close());

  it('a console turn refused with 429 is an apology with its cause, counted apart and not as contained', async () => {
    await spendBudget(stack, ALICE.token);

    const { speech, turn } = await consoleTurn(stack.skillUrl, 'wie hoch ist mein Kontostand', 'de-DE', ALICE.token);
    assert.equal(beforeAnythingElse(speech, 'de-DE'), expected('de-DE', 'errors.backendUnavailable'));
    assert.deepEqual([turn?.outcome, turn?.cause], ['backend_error', 'rate_limited']);

    // The event that records the apology is not refused by the budget that caused it.
    const summary = await dashboardOnceRecorded(stack, 1);
    const { perDay, ...backendErrors } = summary.backendErrors;
    assert.deepEqual(backendErrors, { backendErrorTurns: 1, turns: 1, rate: 1, byCause: [{ cause: 'rate_limited', count: 1 }] });
    assert.deepEqual(perDay.at(-1), { date: summary.to, backendErrorTurns: 1, turns: 1, rate: 1, byCause: [{ cause: 'rate_limited', count: 1 }] });
    assert.deepEqual(summary.containment, { contained: 0, conversations: 1, rate: 0 });
  });
});
