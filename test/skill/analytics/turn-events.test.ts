import assert from 'node:assert/strict';
import { TestSuite } from '@jovotech/framework';
import { CorePlatform, WebPlatform } from '@jovotech/platform-web';
import { outcomeOf, sessionKeyOf, turnTime, type TurnFacts } from '../../../src/skill/analytics/turn-events';
import { TurnEvent, type ParsedTurnEvent } from '../../../src/shared/contract/api';
import { afterEachCleanNock, ALICE_BALANCES, fakeBackend } from '../../support/fake-backend';
import { formatList, formatMoney } from '../../../src/skill/speech/format';
import { speechToText } from '../../../src/skill/speech/ssml';
import { beforeAnythingElse, expected, testApp } from '../../support/skill';

const DAY_MS = 86_400_000;

interface WebTurn {
  speech: string;
  turn?: { intent?: string; outcome?: string; latencyMs?: number };
  millis: number;
}

async function webTurn(text: string, locale = 'en-US', sessionId = 'web-session-1'): Promise<WebTurn> {
  const suite = new TestSuite<CorePlatform<'web'>>({ platform: WebPlatform, app: testApp(), locale });
  const request = {
    version: '4.0.0',
    platform: 'web',
    id: 'r-1',
    timestamp: new Date(Date.now() - 2 * DAY_MS).toISOString(),
    timeZone: 'Europe/Berlin',
    locale,
    data: { accessToken: 'token-alice' },
    input: { type: 'TEXT', text },
    context: { device: { id: 'd-1', capabilities: ['SCREEN'] }, session: { id: sessionId, data: {} }, user: { id: 'u-1', data: {} } },
  };
  const started = Date.now();
  const { response } = await suite.run(request as unknown as Parameters<TestSuite<CorePlatform<'web'>>['run']>[0]);
  const json = response as unknown as { output: Array<{ message?: string }>; context: { turn?: WebTurn['turn'] } };
  return { speech: json.output.map((output) => output.message ?? '').join(' '), turn: json.context.turn, millis: Date.now() - started };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('analytics: turn events from the skill', () => {
  afterEachCleanNock();

  describe('outcome of a turn', () => {
    const facts = (overrides: Partial<TurnFacts>): TurnFacts => ({ misunderstood: false, failed: false, ...overrides });
    const cases: Array<[string, Partial<TurnFacts>, string]> = [
      ['a balance', { intent: 'BalanceIntent', component: 'BalanceComponent', handler: 'tellBalance' }, 'answered'],
      ['a FAQ answer after a redirect', { component: 'FaqComponent', handler: 'UNHANDLED' }, 'faq_answered'],
      ['a FAQ question it was not sure of', { component: 'FaqComponent', misunderstood: true }, 'fallback'],
      ['a misunderstanding', { component: 'GlobalComponent', handler: 'answerMisunderstanding', misunderstood: true }, 'fallback'],
      ['a request for a person that opened no ticket', { intent: 'HumanAgentIntent', component: 'HandoffComponent' }, 'answered'],
      ['an offer of a person', { component: 'HandoffComponent', handler: 'START' }, 'answered'],
      ['a ticket opened or joined', { intent: 'HumanAgentIntent', component: 'HandoffComponent', note: { outcome: 'handoff' } }, 'handoff'],
      [
        'a backend apology',
        { intent: 'HumanAgentIntent', component: 'HandoffComponent', note: { outcome: 'backend_error', cause: 'rate_limited' } },
        'backend_error',
      ],
      [
        'a backend apology in the alert dialogue',
        { component: 'SecurityAlertComponent', note: { outcome: 'backend_error', cause: 'timeout' } },
        'backend_error',
      ],
      ['a wrong voice code', { component: 'VoiceCodeComponent', note: { outcome: 'voice_code_refused' } }, 'voice_code_refused'],
      ['a locked voice code', { component: 'VoiceCodeComponent', note: { outcome: 'voice_code_locked' } }, 'voice_code_locked'],
      ['a failed handler after a backend apology was noted', { failed: true, note: { outcome: 'backend_error', cause: 'timeout' } }, 'error'],
      ['the security alert dialogue', { intent: 'WorriedIntent', component: 'SecurityAlertComponent' }, 'security_alert'],
      ['a failed handler', { component: 'BalanceComponent', failed: true }, 'error'],
      ['stop', { intent: 'END', component: 'GlobalComponent', handler: 'END' }, 'goodbye'],
      ['a component that says better', { component: 'BalanceComponent', note: { outcome: 'handoff' } }, 'handoff'],
    ];
    for (const [what, overrides, outcome] of cases) {
      it(`${what}: ${outcome}`, () => assert.equal(outcomeOf(facts(overrides)), outcome));
    }
  });

  it('dates a turn by its request when plausible, else now; hashes the session id', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    assert.equal(turnTime('2026-11-20T08:00:00Z', now), '2026-11-20T08:00:00.000Z');
    assert.equal(turnTime('2027-01-01T00:00:00Z', now), now.toISOString(), 'the future is not believed');
    assert.equal(turnTime('2024-01-01T00:00:00Z', now), now.toISOString(), 'nor a date older than the backend keeps');
    assert.equal(turnTime('yesterday', now), now.toISOString());
    const key = sessionKeyOf('web', 'amzn1.echo-api.session.abc');
    assert.match(key, /^[0-9a-f]{32}$/);
    assert.notEqual(key, sessionKeyOf('alexa', 'amzn1.echo-api.session.abc'));
  });

  it('posts one event per turn to the backend: outcome, intent, locale, hashed session, no words or token', async () => {
    const posted: ParsedTurnEvent[] = [];
    const authorizations: string[] = [];
    fakeBackend().get('/v1/balances').reply(200, { balances: ALICE_BALANCES });
    const events = fakeBackend()
      .post('/v1/events', (body: unknown) => {
        posted.push(TurnEvent.parse(body));
        return true;
      })
      .reply(function reply() {
        authorizations.push(String(this.req.headers.authorization));
        return [202, { recorded: true }];
      });

    const turn = await webTurn('wie hoch ist mein Kontostand', 'de-DE');
    const list = formatList([formatMoney(123456, 'USD', 'de-DE'), formatMoney(5000, 'EUR', 'de-DE')], 'de-DE');
    assert.equal(beforeAnythingElse(speechToText(turn.speech), 'de-DE'), expected('de-DE', 'balance.several', { list }));
    await until(() => events.isDone());

    assert.equal(posted.length, 1);
    const [event] = posted;
    assert.equal(event.outcome, 'answered');
    assert.equal(event.intent, 'BalanceIntent');
    assert.equal(event.locale, 'de-DE');
    assert.equal(event.platform, 'web');
    assert.match(event.sessionKey, /^[0-9a-f]{32}$/, 'a hash, never the session id');
    // (TestSuite stamps its own request time: dating by the request is checked above and over HTTP in the browser tests.)
    assert.ok(Math.abs(Date.now() - Date.parse(event.at)) < 2 * DAY_MS + 60_000);
    assert.deepEqual(authorizations, ['Bearer token-alice']);
    const raw = JSON.stringify(event);
    assert.doesNotMatch(raw, /Kontostand|token-alice|web-session-1/);

    assert.equal(turn.turn?.intent, 'BalanceIntent', 'the web client gets the turn summary too');
    assert.equal(turn.turn?.outcome, 'answered');
    assert.equal(typeof turn.turn?.latencyMs, 'number');
  });

  it('records a misunderstanding as a fallback', async () => {
    const posted: ParsedTurnEvent[] = [];
    const events = fakeBackend()
      .post('/v1/events', (body: unknown) => {
        posted.push(TurnEvent.parse(body));
        return true;
      })
      .reply(202, { recorded: true });
    // Not a FAQ question either: the classifier is stubbed to be unsure.
    const suiteApp = testApp({
      understanding: () =>
        ({
          classify: () => ({ topic: 'card_arrival', confidence: 0.01, alternatives: [] }),
          understand: () => [{ label: 'faq:card_arrival', confidence: 0.01 }],
        }) as never,
    });
    const suite = new TestSuite<CorePlatform<'web'>>({ platform: WebPlatform, app: suiteApp, locale: 'en-US' });
    await suite.run({
      version: '4.0.0',
      platform: 'web',
      id: 'r-2',
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      data: { accessToken: 'token-alice' },
      input: { type: 'TEXT', text: 'purple elephants sing quietly' },
      context: { device: { id: 'd-1', capabilities: ['SCREEN'] }, session: { id: 's-2', data: {} }, user: { id: 'u-1', data: {} } },
    } as unknown as Parameters<TestSuite<CorePlatform<'web'>>['run']>[0]);
    await until(() => events.isDone());
    assert.equal(posted[0].outcome, 'fallback');
  });

  it('never holds up or breaks a turn: a slow or failing events endpoint changes nothing the user hears', async () => {
    fakeBackend().get('/v1/balances').times(2).reply(200, { balances: ALICE_BALANCES });
    fakeBackend().post('/v1/events').delay(3_000).reply(202, { recorded: true });
    const first = await webTurn('what is my balance');
    assert.ok(first.millis < 2_000, `the turn waited ${first.millis} ms`);
    assert.equal(first.turn?.outcome, 'answered');

    const failing = fakeBackend()
      .post('/v1/events')
      .reply(500, { error: { code: 'internal', message: 'down' } });
    const second = await webTurn('what is my balance');
    assert.equal(beforeAnythingElse(second.speech, 'en-US'), beforeAnythingElse(first.speech, 'en-US'));
    await until(() => failing.isDone());
  });

  it('records nothing for a user without a linked account', async () => {
    const events = fakeBackend().post('/v1/events').reply(202, { recorded: true });
    const suite = new TestSuite<CorePlatform<'web'>>({ platform: WebPlatform, app: testApp(), locale: 'en-US' });
    await suite.run({
      version: '4.0.0',
      platform: 'web',
      id: 'r-3',
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      data: {},
      input: { type: 'TEXT', text: 'help' },
      context: { device: { id: 'd-1', capabilities: ['SCREEN'] }, session: { id: 's-3', data: {} }, user: { id: 'u-1', data: {} } },
    } as unknown as Parameters<TestSuite<CorePlatform<'web'>>['run']>[0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(events.isDone(), false);
  });
});
