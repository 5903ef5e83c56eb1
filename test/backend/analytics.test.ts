import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { ANALYTICS_KEY_HEADER, AnalyticsPaths, AnalyticsSummary, TransferPaths, buildPath, type TurnEvent } from '../../src/shared/contract/api';
import { createBackendApp } from '../../src/backend/app';
import { startBackend } from '../../src/backend/main';
import type { Db } from '../../src/backend/db/db';
import { openSeededStore } from '../../src/backend/seed/seed';
import { createLogger } from '../../src/shared/logger';
import { holdTransfer } from './anti-fraud-support';
import { Api, DEMO_USERS, makeDataDir, serve } from './support';
import { testStoreIn } from '../support/store';

const { alice, bruno, yuki } = DEMO_USERS;
const ANALYTICS_KEY = 'test-analytics-key-0123456789abcdef';
const DAY_MS = 86_400_000;

function turn(overrides: Partial<TurnEvent> = {}): TurnEvent {
  return {
    at: new Date().toISOString(),
    sessionKey: 'a1b2c3d4e5f60718',
    platform: 'web',
    locale: 'en-US',
    intent: 'BalanceIntent',
    outcome: 'answered',
    latencyMs: 42,
    ...overrides,
  };
}

describe('backend: analytics', () => {
  let api: Api;
  let db: Db;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
    const served = await serve(createBackendApp({ db, logger: createLogger('silent'), analyticsApiKey: ANALYTICS_KEY }));
    api = served.api;
    close = async () => {
      await served.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    };
  });
  afterEach(() => close());

  const record = (event: unknown, token: string = alice.token) => api.post(AnalyticsPaths.events, event, { token });
  const summary = async (query = '') => {
    const reply = await api.get(`${AnalyticsPaths.summary}${query}`, { headers: { [ANALYTICS_KEY_HEADER]: ANALYTICS_KEY } });
    assert.equal(reply.status, 200, reply.text);
    return AnalyticsSummary.parse(reply.body);
  };

  it('records turns and sums them up per day, language, outcome and FAQ topic', async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS).toISOString();
    const events: unknown[] = [
      turn({ sessionKey: '1111111111111111', intent: 'LAUNCH', at: twoDaysAgo }),
      turn({ sessionKey: '1111111111111111', at: twoDaysAgo }),
      turn({ sessionKey: '2222222222222222', locale: 'de-DE', outcome: 'fallback', intent: undefined }),
      turn({ sessionKey: '2222222222222222', locale: 'de-DE', outcome: 'handoff', intent: 'HumanAgentIntent' }),
      turn({ sessionKey: '3333333333333333', locale: 'ja-JP', outcome: 'faq_answered', faqTopic: 'card_arrival', emotion: 'anxious' }),
      turn({ sessionKey: '4444444444444444', outcome: 'faq_answered', faqTopic: 'card_arrival' }),
      turn({ sessionKey: '4444444444444444', outcome: 'faq_answered', faqTopic: 'top_up_failed', sessionEnded: true }),
    ];
    for (const event of events) {
      const reply = await record(event);
      assert.equal(reply.status, 202, reply.text);
      assert.deepEqual(reply.body, { recorded: true });
    }

    const result = await summary('?days=7');
    assert.equal(result.conversationsPerDay.length, 7);
    assert.equal(result.to, new Date().toISOString().slice(0, 10));
    const perDay = Object.fromEntries(result.conversationsPerDay.map(({ date, count }) => [date, count]));
    assert.equal(perDay[twoDaysAgo.slice(0, 10)], 1);
    assert.equal(perDay[result.to], 3);
    assert.equal(result.turns, 7);
    assert.equal(result.conversations, 4);
    assert.deepEqual(result.conversationsByLanguage, [
      { language: 'en', count: 2 },
      { language: 'de', count: 1 },
      { language: 'ja', count: 1 },
    ]);
    assert.deepEqual(result.containment, { contained: 3, conversations: 4, rate: 0.75 });
    assert.deepEqual(result.fallback, { fallbackTurns: 1, turns: 7, rate: 1 / 7 });
    assert.deepEqual(result.topFaqTopics, [
      { topic: 'card_arrival', count: 2 },
      { topic: 'top_up_failed', count: 1 },
    ]);
  });

  it('leaves turns older than the window out of the summary', async () => {
    assert.equal((await record(turn({ at: new Date(Date.now() - 10 * DAY_MS).toISOString() }))).status, 202);
    assert.equal((await summary('?days=7')).turns, 0);
    assert.equal((await summary('?days=14')).turns, 1);
  });

  it('counts backend apologies apart, by cause and per day, and never as contained', async () => {
    const yesterday = new Date(Date.now() - DAY_MS).toISOString();
    const session = (digit: string) => digit.repeat(16);
    const events: TurnEvent[] = [
      turn({ sessionKey: session('a') }),
      // Refused with 429, then answered: the user still heard an apology.
      turn({ sessionKey: session('b'), outcome: 'backend_error', cause: 'rate_limited' }),
      turn({ sessionKey: session('b') }),
      turn({ sessionKey: session('c'), at: yesterday, outcome: 'backend_error', cause: 'server_error' }),
      turn({ sessionKey: session('c'), at: yesterday, outcome: 'backend_error', cause: 'timeout' }),
      turn({ sessionKey: session('c'), at: yesterday, outcome: 'backend_error', cause: 'server_error' }),
      // The skill's own failure is no backend apology, but no resolution either.
      turn({ sessionKey: session('d'), outcome: 'error' }),
      // A refused and a locked voice code: the skill did what it must.
      turn({ sessionKey: session('e'), intent: 'VoiceCodeIntent', outcome: 'voice_code_refused' }),
      turn({ sessionKey: session('e'), intent: 'VoiceCodeIntent', outcome: 'voice_code_locked' }),
      turn({ sessionKey: session('f'), intent: 'HumanAgentIntent', outcome: 'handoff' }),
    ];
    for (const event of events) assert.equal((await record(event)).status, 202);

    const result = await summary('?days=7');
    assert.equal(result.turns, 10);
    assert.deepEqual(result.containment, { contained: 2, conversations: 6, rate: 2 / 6 });
    assert.deepEqual(result.fallback, { fallbackTurns: 0, turns: 10, rate: 0 });
    const outcomes = Object.fromEntries(result.outcomes.map(({ outcome, count }) => [outcome, count]));
    assert.deepEqual(outcomes, { answered: 2, backend_error: 4, error: 1, voice_code_refused: 1, voice_code_locked: 1, handoff: 1 });

    const { perDay, ...totals } = result.backendErrors;
    assert.deepEqual(totals, {
      backendErrorTurns: 4,
      turns: 10,
      rate: 0.4,
      byCause: [
        { cause: 'server_error', count: 2 },
        { cause: 'timeout', count: 1 },
        { cause: 'rate_limited', count: 1 },
      ],
    });
    assert.deepEqual(
      perDay.map(({ date }) => date),
      result.conversationsPerDay.map(({ date }) => date),
      'every day of the window',
    );
    const day = (date: string) => perDay.find((entry) => entry.date === date);
    assert.deepEqual(day(yesterday.slice(0, 10)), {
      date: yesterday.slice(0, 10),
      backendErrorTurns: 3,
      turns: 3,
      rate: 1,
      byCause: [
        { cause: 'server_error', count: 2 },
        { cause: 'timeout', count: 1 },
      ],
    });
    assert.deepEqual(day(result.to), { date: result.to, backendErrorTurns: 1, turns: 7, rate: 1 / 7, byCause: [{ cause: 'rate_limited', count: 1 }] });
    assert.deepEqual(day(result.from), { date: result.from, backendErrorTurns: 0, turns: 0, rate: null, byCause: [] });
  });

  it("counts the seeded alert, and a decided alert's dissuasion by emotion and script variant", async () => {
    const before = await summary();
    const open = before.securityAlerts.reduce((sum, row) => sum + row.open, 0);
    assert.ok(open >= 1, 'the seed holds a transfer of Alice with an open alert');
    assert.deepEqual(before.dissuasion, { byEmotion: [], byVariant: [] });

    const held = await holdTransfer(api, alice);
    await api.post(buildPath(TransferPaths.alertWarningHeard, { id: held.alertId }), {}, { token: alice.token });
    const decided = await api.post(
      buildPath(TransferPaths.alertDecision, { id: held.alertId }),
      {
        decision: 'cancel',
        emotions: ['anxious', 'calm'],
        scriptVariants: ['task_scam.anxious.empathetic', 'task_scam.calm.factual'],
        confirmedTwice: false,
      },
      { token: alice.token },
    );
    assert.equal(decided.status, 200, decided.text);

    const after = await summary();
    const taskScams = after.securityAlerts.find((row) => row.scamType === 'task_scam');
    assert.ok(taskScams && taskScams.cancelled >= 1, JSON.stringify(after.securityAlerts));
    assert.deepEqual(
      after.dissuasion.byEmotion.map(({ emotion, attempts, successes }) => [emotion, attempts, successes]),
      [
        ['anxious', 1, 1],
        ['calm', 1, 1],
      ],
    );
    assert.deepEqual(after.dissuasion.byVariant.map(({ variant, rate }) => [variant, rate]).sort(), [
      ['task_scam.anxious.empathetic', 1],
      ['task_scam.calm.factual', 1],
    ]);
  });

  it('shows handoff counts as zero when nobody asked for a person', async () => {
    const result = await summary();
    assert.equal(result.handoffs.tickets, 0);
    assert.equal(result.handoffs.callbackBacklog, 0);
  });

  describe('bad input: 400 naming the field', () => {
    const cases: Array<[string, unknown, string]> = [
      ['no outcome', { ...turn(), outcome: undefined }, 'outcome'],
      ['an unknown outcome', turn({ outcome: 'solved' as never }), 'outcome'],
      ['a raw session id instead of its hash', turn({ sessionKey: 'amzn1.echo-api.session.123' }), 'sessionKey'],
      ['an unknown platform', turn({ platform: 'telegram' as never }), 'platform'],
      ['a malformed locale', turn({ locale: 'english' }), 'locale'],
      ['an unknown emotion', turn({ emotion: 'happy' as never }), 'emotion'],
      ['a date without offset', turn({ at: '2026-11-27T08:15:00' }), 'at'],
      ['a turn in the future', turn({ at: new Date(Date.now() + DAY_MS).toISOString() }), 'at'],
      ['a turn older than 400 days', turn({ at: new Date(Date.now() - 401 * DAY_MS).toISOString() }), 'at'],
      ['words of the user smuggled in an extra field', { ...turn(), utterance: 'my card number is 4111' }, 'body'],
      ['a negative latency', turn({ latencyMs: -1 }), 'latencyMs'],
      ['an intent with spaces', turn({ intent: 'what is my balance' }), 'intent'],
      ['a backend apology without its cause', turn({ outcome: 'backend_error' }), 'cause'],
      ['a cause on another outcome', turn({ outcome: 'answered', cause: 'timeout' }), 'cause'],
      ['an unknown cause', turn({ outcome: 'backend_error', cause: 'gremlins' as never }), 'cause'],
    ];
    for (const [what, body, field] of cases) {
      it(`refuses ${what}`, async () => {
        const reply = await record(body);
        assert.equal(reply.status, 400, reply.text);
        assert.equal(reply.body.error.code, 'bad_request');
        assert.ok(
          (reply.body.error.details as Array<{ field: string }>).some((detail) => detail.field === field),
          `expected ${field} in ${reply.text}`,
        );
      });
    }

    it('refuses a body that is not JSON', async () => {
      const reply = await api.post(AnalyticsPaths.events, '{"outcome": ', { token: alice.token });
      assert.equal(reply.status, 400);
    });

    it('refuses a summary window of 0 or more than 90 days', async () => {
      for (const days of ['0', '91', 'week']) {
        const reply = await api.get(`${AnalyticsPaths.summary}?days=${days}`, { headers: { [ANALYTICS_KEY_HEADER]: ANALYTICS_KEY } });
        assert.equal(reply.status, 400, days);
        assert.match(reply.body.error.message, /^days: /);
      }
    });

    it('records nothing when refusing', async () => {
      await record(turn({ outcome: 'solved' as never }));
      assert.equal((await summary()).turns, 0);
    });
  });

  describe('auth', () => {
    it('takes turns only with a known user token, and only from the voice assistant', async () => {
      assert.equal((await api.post(AnalyticsPaths.events, turn())).status, 401);
      assert.equal((await record(turn(), 'not-a-token')).status, 401);
      const fromApp = await record(turn(), bruno.mobileAppToken);
      assert.equal(fromApp.status, 403);
      assert.equal(fromApp.body.error.code, 'forbidden');
      assert.equal((await record(turn(), yuki.token)).status, 202);
      assert.equal((await summary()).turns, 1);
    });

    it('opens the summary only with the analytics key: never with a user token', async () => {
      const asUser = await api.get(AnalyticsPaths.summary, { token: alice.token });
      assert.equal(asUser.status, 401);
      const wrongKey = await api.get(AnalyticsPaths.summary, { headers: { [ANALYTICS_KEY_HEADER]: `${ANALYTICS_KEY}x` } });
      assert.equal(wrongKey.status, 401);
      assert.equal(wrongKey.body.error.code, 'unauthorized');
      assert.doesNotMatch(wrongKey.text, new RegExp(ANALYTICS_KEY));
    });

    it('keeps the summary closed to everyone when no key is configured', async () => {
      const served = await serve(createBackendApp({ db, logger: createLogger('silent') }));
      try {
        const reply = await served.api.get(AnalyticsPaths.summary, { headers: { [ANALYTICS_KEY_HEADER]: ANALYTICS_KEY } });
        assert.equal(reply.status, 401);
        assert.match(reply.body.error.message, /not configured/);
      } finally {
        await served.close();
      }
    });
  });

  it('writes turns accepted just before a shutdown to the store (they are written in batches)', async () => {
    const dataDir = await makeDataDir();
    try {
      const store = await testStoreIn(dataDir);
      const backend = await startBackend({ port: 0, store, logger: createLogger('silent') });
      const reply = await new Api(backend.url).post(AnalyticsPaths.events, turn(), { token: alice.token });
      assert.equal(reply.status, 202, reply.text);
      await backend.close();
      const reopened = await openSeededStore(store);
      const { n } = await reopened.executor
        .selectFrom('analytics_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await reopened.close();
      assert.equal(n, 1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('is described in the OpenAPI document', async () => {
    const reply = await api.get('/openapi.json');
    assert.ok(reply.body.paths[AnalyticsPaths.events]?.post);
    assert.ok(reply.body.paths[AnalyticsPaths.summary]?.get);
    assert.ok(reply.body.components.schemas.TurnEvent);
  });
});
