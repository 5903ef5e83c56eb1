import assert from 'node:assert/strict';
import { App, TestSuite } from '@jovotech/framework';
import { CorePlatform, WebPlatform } from '@jovotech/platform-web';
import { TurnEvent, type ParsedTurnEvent } from '../../../src/shared/contract/api';
import { speechToText } from '../../../src/skill/speech/ssml';
import { afterEachCleanNock, ALICE_BALANCES, fakeBackend, handoffTicket } from '../../support/fake-backend';
import { beforeAnythingElse, expected, TEST_BACKEND_TIMEOUT_MS, testApp } from '../../support/skill';

interface TurnSummaryJson {
  intent?: string;
  outcome?: string;
  cause?: string;
}

interface WebTurn {
  speech: string;
  turn: TurnSummaryJson;
}

type Suite = TestSuite<CorePlatform<'web'>>;

const VOICE_CODE_REQUIRED = { error: { code: 'voice_code_required', message: 'voice code required' } };

/** A web conversation of intents (no typed text: the turn's outcome is the point, not the NLU). */
class IntentConversation {
  private readonly suite: Suite;
  private turns = 0;

  constructor(
    private readonly token = 'token-alice',
    app: App = testApp(),
  ) {
    this.suite = new TestSuite<CorePlatform<'web'>>({ platform: WebPlatform, app, locale: 'en-US' });
  }

  async intent(intent: string, entities: Record<string, { value: string }> = {}): Promise<WebTurn> {
    this.turns += 1;
    const request = {
      version: '4.0.0',
      platform: 'web',
      id: `r-${this.turns}`,
      timestamp: new Date().toISOString(),
      timeZone: 'America/New_York',
      locale: 'en-US',
      data: { accessToken: this.token },
      input: { type: 'INTENT', intent, entities },
      context: { device: { id: 'd-1', capabilities: ['SCREEN'] }, session: { id: 'outcome-session', data: {} }, user: { id: 'u-1', data: {} } },
    };
    const { response } = await this.suite.run(request as unknown as Parameters<Suite['run']>[0]);
    const json = response as unknown as { output: Array<{ message?: string }>; context: { turn?: TurnSummaryJson } };
    return { speech: speechToText(json.output.map((output) => output.message ?? '').join(' ')), turn: json.context.turn ?? {} };
  }
}

/** Every turn event the skill posts, as the backend would parse it (the contract refuses an inconsistent one). */
function recordEvents(): ParsedTurnEvent[] {
  const posted: ParsedTurnEvent[] = [];
  fakeBackend()
    .persist()
    .post('/v1/events', (body: unknown) => {
      posted.push(TurnEvent.parse(body));
      return true;
    })
    .reply(202, { recorded: true });
  return posted;
}

async function eventsAfter(posted: ParsedTurnEvent[], count: number): Promise<ParsedTurnEvent[]> {
  const deadline = Date.now() + 2000;
  while (posted.length < count) {
    if (Date.now() > deadline) throw new Error(`${posted.length} of ${count} turn events posted`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return posted;
}

describe('analytics: the outcome of a turn is what the user got', () => {
  afterEachCleanNock();

  describe('a backend apology is backend_error, with its cause, in the turn summary and in the recorded event', () => {
    const failures: Array<[string, () => void, string]> = [
      [
        '429',
        () =>
          fakeBackend()
            .get('/v1/balances')
            .reply(429, { error: { code: 'too_many_requests', message: 'Too many requests: try again in 30 seconds' } }, { 'Retry-After': '30' }),
        'rate_limited',
      ],
      [
        '503',
        // A read is tried twice: both fail.
        () =>
          fakeBackend()
            .get('/v1/balances')
            .times(2)
            .reply(503, { error: { code: 'internal', message: 'Service unavailable' } }),
        'server_error',
      ],
      [
        'a timeout',
        () =>
          fakeBackend()
            .get('/v1/balances')
            .times(2)
            .delay(TEST_BACKEND_TIMEOUT_MS + 150)
            .reply(200, { balances: ALICE_BALANCES }),
        'timeout',
      ],
      [
        'a backend that is down',
        () =>
          fakeBackend()
            .get('/v1/balances')
            .times(2)
            .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
        'unreachable',
      ],
      ['a 502 from a proxy, in HTML', () => fakeBackend().get('/v1/balances').times(2).reply(502, '<html>Bad gateway</html>'), 'server_error'],
    ];
    for (const [what, fake, cause] of failures) {
      it(`${what}: backend_error (${cause})`, async () => {
        const posted = recordEvents();
        fake();
        const { speech, turn } = await new IntentConversation().intent('BalanceIntent');
        assert.equal(beforeAnythingElse(speech, 'en-US'), expected('en-US', 'errors.backendUnavailable'));
        assert.deepEqual([turn.intent, turn.outcome, turn.cause], ['BalanceIntent', 'backend_error', cause]);
        const [event] = await eventsAfter(posted, 1);
        assert.deepEqual([event.intent, event.outcome, event.cause], ['BalanceIntent', 'backend_error', cause]);
      });
    }

    it('the same balance answered: answered, and no cause', async () => {
      const posted = recordEvents();
      fakeBackend().get('/v1/balances').reply(200, { balances: ALICE_BALANCES });
      const { turn } = await new IntentConversation().intent('BalanceIntent');
      assert.equal(turn.outcome, 'answered');
      assert.equal('cause' in turn, false);
      const [event] = await eventsAfter(posted, 1);
      assert.equal(event.outcome, 'answered');
      assert.equal(event.cause, undefined);
    });

    it('a handler that fails for another reason stays error: the app apologised for itself', async () => {
      const posted: ParsedTurnEvent[] = [];
      const backend = {
        balances: () => Promise.reject(new TypeError('a bug, not the backend')),
        recordTurn: (_credentials: unknown, event: unknown) => {
          posted.push(TurnEvent.parse(event));
          return Promise.resolve({ recorded: true });
        },
      };
      const { speech, turn } = await new IntentConversation('token-alice', testApp({ backend: backend as never })).intent('BalanceIntent');
      assert.equal(speech, expected('en-US', 'errors.generic'));
      assert.equal(turn.outcome, 'error');
      const [event] = await eventsAfter(posted, 1);
      assert.equal(event.outcome, 'error');
      assert.equal(event.cause, undefined);
    });
  });

  describe('a handoff only when a ticket was opened or joined', () => {
    it('a ticket opened: handoff', async () => {
      const posted = recordEvents();
      fakeBackend()
        .post('/v1/handoff/tickets')
        .reply(201, handoffTicket({ channel: 'web' }));
      const { speech, turn } = await new IntentConversation().intent('HumanAgentIntent');
      assert.ok(speech.startsWith(expected('en-US', 'handoff.created', { position: 3, minutes: 12 })), speech);
      assert.equal(turn.outcome, 'handoff');
      assert.equal((await eventsAfter(posted, 1))[0].outcome, 'handoff');
    });

    it("the user's open ticket joined: handoff", async () => {
      recordEvents();
      fakeBackend()
        .post('/v1/handoff/tickets')
        .reply(409, { error: { code: 'conflict', message: 'This user already has an open ticket' } })
        .get('/v1/handoff/tickets/open')
        .reply(200, handoffTicket({ channel: 'web', queuePosition: 2, estimatedWaitMinutes: 8 }));
      const { turn } = await new IntentConversation().intent('HumanAgentIntent');
      assert.equal(turn.outcome, 'handoff');
    });

    it('the ticket refused with 429: backend_error (rate_limited), not a handoff, and not taken for "already open"', async () => {
      const posted = recordEvents();
      const opened = fakeBackend()
        .post('/v1/handoff/tickets')
        .reply(429, { error: { code: 'too_many_requests', message: 'Too many requests' } });
      const lookedUp = fakeBackend()
        .get('/v1/handoff/tickets/open')
        .reply(200, handoffTicket({ channel: 'web' }));
      const { speech, turn } = await new IntentConversation().intent('HumanAgentIntent');
      assert.equal(beforeAnythingElse(speech, 'en-US'), expected('en-US', 'errors.backendUnavailable'));
      assert.deepEqual([turn.outcome, turn.cause], ['backend_error', 'rate_limited']);
      assert.ok(opened.isDone());
      assert.equal(lookedUp.isDone(), false);
      const [event] = await eventsAfter(posted, 1);
      assert.deepEqual([event.outcome, event.cause], ['backend_error', 'rate_limited']);
    });

    it('the ticket failing with 503: backend_error (server_error)', async () => {
      recordEvents();
      fakeBackend()
        .post('/v1/handoff/tickets')
        .reply(503, { error: { code: 'internal', message: 'Service unavailable' } });
      const { turn } = await new IntentConversation().intent('HumanAgentIntent');
      assert.deepEqual([turn.outcome, turn.cause], ['backend_error', 'server_error']);
    });
  });

  describe('the voice code', () => {
    it('a wrong code is voice_code_refused; a locked one voice_code_locked, and so is a code said after the lock', async () => {
      const posted = recordEvents();
      const backend = fakeBackend();
      backend.get('/v1/balances').reply(403, VOICE_CODE_REQUIRED);
      backend.post('/v1/voice-code/verify').reply(200, { result: 'wrong', attemptsLeft: 1 });
      backend.post('/v1/voice-code/verify').reply(200, { result: 'locked', attemptsLeft: 0 });
      const conversation = new IntentConversation('token-bruno');

      const asked = await conversation.intent('BalanceIntent');
      assert.equal(asked.speech, expected('en-US', 'voiceCode.ask'));
      const wrong = await conversation.intent('VoiceCodeIntent', { code: { value: '1111' } });
      assert.equal(wrong.speech, expected('en-US', 'voiceCode.wrong', { count: 1 }));
      assert.equal(wrong.turn.outcome, 'voice_code_refused');
      const locked = await conversation.intent('VoiceCodeIntent', { code: { value: '2222' } });
      assert.equal(beforeAnythingElse(locked.speech, 'en-US'), expected('en-US', 'voiceCode.locked'));
      assert.equal(locked.turn.outcome, 'voice_code_locked');
      // A code said again in the same session hears the lock again: still locked, not answered.
      const again = await conversation.intent('VoiceCodeIntent', { code: { value: '1234' } });
      assert.equal(beforeAnythingElse(again.speech, 'en-US'), expected('en-US', 'voiceCode.locked'));
      assert.equal(again.turn.outcome, 'voice_code_locked');

      const events = await eventsAfter(posted, 4);
      assert.deepEqual(
        events.map((event) => event.outcome),
        ['answered', 'voice_code_refused', 'voice_code_locked', 'voice_code_locked'],
      );
      assert.ok(backend.isDone());
    });

    it('the code cannot be checked (503): backend_error (server_error)', async () => {
      recordEvents();
      fakeBackend()
        .get('/v1/balances')
        .reply(403, VOICE_CODE_REQUIRED)
        .post('/v1/voice-code/verify')
        .reply(503, { error: { code: 'internal', message: 'Service unavailable' } });
      const conversation = new IntentConversation('token-bruno');
      await conversation.intent('BalanceIntent');
      const failed = await conversation.intent('VoiceCodeIntent', { code: { value: '1234' } });
      assert.equal(beforeAnythingElse(failed.speech, 'en-US'), expected('en-US', 'errors.backendUnavailable'));
      assert.deepEqual([failed.turn.outcome, failed.turn.cause], ['backend_error', 'server_error']);
    });
  });
});
