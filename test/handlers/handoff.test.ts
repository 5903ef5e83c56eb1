import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createBackendApp } from '../../src/backend/app';
import type { Db } from '../../src/backend/db/db';
import { openSeededStore } from '../../src/backend/seed/seed';
import { startBackend, type RunningBackend } from '../../src/backend/main';
import { BackendClient } from '../../src/skill/services/backend-client';
import { AGENT_KEY_HEADER, AgentQueueResponse, HandoffPaths, type CreateHandoffTicketRequest, type HandoffTicket } from '../../src/shared/contract/api';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { createLogger } from '../../src/shared/logger';
import { formatDay } from '../../src/skill/speech/format';
import { addDays, localDateOf, localTimeToInstant, weekdayOf } from '../../src/shared/time/local-time';
import { Api, DEMO_USERS, makeDataDir, serve } from '../backend/support';
import { afterEachCleanNock, ALICE, fakeBackend, handoffTicket } from '../support/fake-backend';
import { AlexaConversation, expected, testApp, WebConversation, toldBefore } from '../support/skill';
import { testStoreIn } from '../support/store';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();

/** 8:00 on the day `days` after today, on the wall clock of `timeZone`. */
function eightAm(days: number, timeZone: string): Date {
  return localTimeToInstant(addDays(localDateOf(new Date(), timeZone), days), 8 * 60, timeZone);
}

/** A time as a listener in `locale` and `timeZone` hears it ("8:00 AM", "08:00", "8:00"). */
function clockTime(instant: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(instant);
}

/** Captures the body of the ticket the skill opens, and its idempotency key. */
function acceptTicket(reply: HandoffTicket = handoffTicket()) {
  const sent: { body?: CreateHandoffTicketRequest; key?: string } = {};
  const scope = fakeBackend()
    .post('/v1/handoff/tickets', (body) => {
      sent.body = body as CreateHandoffTicketRequest;
      return true;
    })
    .matchHeader('idempotency-key', (key) => {
      sent.key = key;
      return /^[0-9a-f-]{36}$/.test(key);
    })
    .reply(201, reply);
  return { scope, sent };
}

describe('handoff conversations, in every Alexa locale', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      it('asked for a person: opens a ticket with the context, says place and wait, books a call back on yes', async () => {
        const { scope, sent } = acceptTicket();
        const callback = fakeBackend()
          .post('/v1/handoff/tickets/hd_0123456789abcdef/contact-mode', { contactMode: 'callback' })
          .reply(200, handoffTicket({ contactMode: 'callback' }));
        const conversation = new AlexaConversation(locale);
        await conversation.intent('BalanceIntent').catch(() => undefined);
        const turn = await conversation.intent('HumanAgentIntent');

        const place = { position: 3, minutes: 12 };
        assert.equal(turn.speech, `${expected(locale, 'handoff.created', place)} ${expected(locale, 'handoff.callbackOffer')}`);
        assert.equal(turn.reprompt, expected(locale, 'handoff.callbackReprompt'));
        assert.equal(turn.sessionEnds, false);
        assert.equal(sent.body?.reason, 'user_request');
        assert.equal(sent.body?.channel, 'voice_assistant');
        assert.equal(sent.body?.context.language, locale);
        assert.deepEqual(sent.body?.context.intents, ['BalanceIntent', 'HumanAgentIntent']);
        assert.equal(sent.body?.context.topic, 'balance');

        const booked = await conversation.intent('AMAZON.YesIntent');
        assert.equal(toldBefore(booked, locale), expected(locale, 'handoff.callbackBooked', { minutes: 12 }));
        assert.ok(scope.isDone() && callback.isDone());
      });

      it('after two misunderstandings in a row offers a person, and a yes opens the ticket with that context', async () => {
        const { scope, sent } = acceptTicket(handoffTicket({ reason: 'misunderstood', queuePosition: 1, estimatedWaitMinutes: 4 }));
        const conversation = new AlexaConversation(locale);
        const first = await conversation.intent('AMAZON.FallbackIntent');
        const second = await conversation.intent('AMAZON.FallbackIntent');
        assert.equal(first.speech, expected(locale, 'fallback.first'));
        assert.equal(second.speech, expected(locale, 'handoff.offer.misunderstood'));
        assert.equal(second.reprompt, expected(locale, 'handoff.offerReprompt'));
        assert.equal(scope.isDone(), false, 'nothing opened before the user agrees');

        const opened = await conversation.intent('AMAZON.YesIntent');
        assert.ok(opened.speech.startsWith(expected(locale, 'handoff.created', { position: 1, minutes: 4 })), opened.speech);
        assert.equal(sent.body?.reason, 'misunderstood');
        assert.deepEqual(sent.body?.context.intents, ['AMAZON.FallbackIntent', 'AMAZON.FallbackIntent', 'AMAZON.YesIntent']);

        const no = await conversation.intent('AMAZON.NoIntent');
        assert.equal(toldBefore(no, locale), expected(locale, 'handoff.keepWaiting', { minutes: 4 }));
        assert.ok(scope.isDone());
      });

      it('declined: carries on without a ticket, and the count starts again', async () => {
        const conversation = new AlexaConversation(locale);
        await conversation.intent('AMAZON.FallbackIntent');
        await conversation.intent('AMAZON.FallbackIntent');
        const declined = await conversation.intent('AMAZON.NoIntent');
        assert.equal(declined.speech, expected(locale, 'handoff.declined'));
        const next = await conversation.intent('AMAZON.FallbackIntent');
        assert.equal(next.speech, expected(locale, 'fallback.first'));
      });

      it('a yes after something else in between opens nothing', async () => {
        const opened = fakeBackend().post('/v1/handoff/tickets').reply(201, handoffTicket());
        const conversation = new AlexaConversation(locale);
        await conversation.intent('AMAZON.FallbackIntent');
        await conversation.intent('AMAZON.FallbackIntent');
        await conversation.intent('AMAZON.HelpIntent');
        const yes = await conversation.intent('AMAZON.YesIntent');
        assert.equal(yes.speech, expected(locale, 'anythingElse.whatElse'));
        assert.equal(opened.isDone(), false);
      });

      it('already waiting: tells the place of the open ticket instead of opening another', async () => {
        const scope = fakeBackend()
          .post('/v1/handoff/tickets')
          .reply(409, { error: { code: 'conflict', message: 'This user already has an open ticket', details: { ticketId: 'hd_1' } } })
          .get('/v1/handoff/tickets/open')
          .reply(200, handoffTicket({ queuePosition: 2, estimatedWaitMinutes: 8, contactMode: 'callback' }));
        const turn = await new AlexaConversation(locale).intent('HumanAgentIntent');
        assert.equal(
          toldBefore(turn, locale),
          `${expected(locale, 'handoff.alreadyWaiting', { position: 2, minutes: 8 })} ${expected(locale, 'handoff.callbackBooked', { minutes: 8 })}`,
        );
        assert.ok(scope.isDone());
      });

      it("a call back booked outside the agents' hours says when the desk opens, in the user's time zone", async () => {
        const { scope } = acceptTicket();
        // Alice lives in New York (her profile); the desk opens at 8:00 tomorrow.
        const callbackAt = eightAm(1, ALICE.timeZone);
        const callback = fakeBackend()
          .post('/v1/handoff/tickets/hd_0123456789abcdef/contact-mode', { contactMode: 'callback' })
          .reply(200, handoffTicket({ contactMode: 'callback', callbackAt: callbackAt.toISOString() }))
          .get('/v1/profile')
          .reply(200, ALICE);
        const conversation = new AlexaConversation(locale);
        await conversation.intent('HumanAgentIntent');
        const booked = await conversation.intent('AMAZON.YesIntent');
        assert.equal(
          toldBefore(booked, locale),
          expected(locale, 'handoff.callbackScheduled.tomorrow', { time: clockTime(callbackAt, locale, ALICE.timeZone) }),
        );
        assert.equal(booked.sessionEnds, false);
        assert.ok(scope.isDone() && callback.isDone());
      });

      it('an angry user outside a security alert is offered a person, once; a yes opens a ticket with the emotion', async () => {
        const { scope, sent } = acceptTicket(handoffTicket({ reason: 'angry' }));
        const conversation = new AlexaConversation(locale);
        const offer = await conversation.intent('AngryIntent');
        assert.equal(offer.speech, expected(locale, 'handoff.offer.angry'));
        assert.equal(offer.reprompt, expected(locale, 'handoff.offerReprompt'));
        assert.equal(scope.isDone(), false, 'nothing opened before the user agrees');

        const opened = await conversation.intent('AMAZON.YesIntent');
        assert.ok(opened.speech.startsWith(expected(locale, 'handoff.created', { position: 3, minutes: 12 })), opened.speech);
        assert.equal(sent.body?.reason, 'angry');
        assert.equal(sent.body?.context.emotion, 'angry');
        assert.deepEqual(sent.body?.context.intents, ['AngryIntent', 'AMAZON.YesIntent']);
        assert.ok(scope.isDone());
      });

      it('an angry user who declined is not offered a person again in the session: no loop', async () => {
        const conversation = new AlexaConversation(locale);
        // After another answer (its component in the state), anger still reaches the offer.
        await conversation.intent('BalanceIntent').catch(() => undefined);
        assert.equal((await conversation.intent('AngryIntent')).speech, expected(locale, 'handoff.offer.angry'));
        assert.equal((await conversation.intent('AMAZON.NoIntent')).speech, expected(locale, 'handoff.declined'));
        const again = await conversation.intent('AngryIntent');
        assert.equal(again.speech, expected(locale, 'fallback.first'));
      });
    });
  }

  it('handoff: "talk to a specialist" outside a security alert opens a ticket too', async () => {
    const { scope, sent } = acceptTicket();
    const turn = await new AlexaConversation('en-GB').intent('TalkToPersonIntent');
    assert.ok(turn.speech.startsWith(expected('en-GB', 'handoff.created', { position: 3, minutes: 12 })), turn.speech);
    assert.equal(sent.body?.reason, 'user_request');
    assert.ok(scope.isDone());
  });

  it('handoff: the backend away, the user hears the apology and can ask again with the same key', async () => {
    // nock may ask a matcher more than once per request: collect the distinct keys seen.
    const keys = new Set<string>();
    const scope = fakeBackend()
      .post('/v1/handoff/tickets')
      .matchHeader('idempotency-key', (key) => {
        if (key) keys.add(key);
        return true;
      })
      .reply(503, { error: { code: 'internal', message: 'down' } })
      .post('/v1/handoff/tickets')
      .matchHeader('idempotency-key', (key) => {
        if (key) keys.add(key);
        return true;
      })
      .reply(201, handoffTicket({ reason: 'misunderstood' }));
    const conversation = new AlexaConversation('en-US');
    await conversation.intent('AMAZON.FallbackIntent');
    await conversation.intent('AMAZON.FallbackIntent');
    const failed = await conversation.intent('AMAZON.YesIntent');
    assert.equal(toldBefore(failed, 'en-US'), expected('en-US', 'errors.backendUnavailable'));
    const retried = await conversation.intent('AMAZON.YesIntent');
    assert.ok(retried.speech.startsWith(expected('en-US', 'handoff.created', { position: 3, minutes: 12 })), retried.speech);
    assert.equal(keys.size, 1, `the retry repeats the first key: ${[...keys].join(', ')}`);
    assert.ok(scope.isDone());
  });
});

describe('handoff call backs: what the user hears of the time', () => {
  afterEachCleanNock();

  it('inside the hours, the call back is "in about N minutes", no clock time', async () => {
    acceptTicket();
    fakeBackend()
      .post('/v1/handoff/tickets/hd_0123456789abcdef/contact-mode')
      .reply(200, handoffTicket({ contactMode: 'callback', callbackAt: new Date(Date.now() + 12 * 60_000).toISOString() }));
    const conversation = new AlexaConversation('en-US');
    await conversation.intent('HumanAgentIntent');
    const booked = await conversation.intent('AMAZON.YesIntent');
    assert.equal(toldBefore(booked, 'en-US'), expected('en-US', 'handoff.callbackBooked', { minutes: 12 }));
  });

  it('days ahead, the day by name; on the web in the time zone of the browser', async () => {
    acceptTicket(handoffTicket({ channel: 'web' }));
    const callbackAt = eightAm(3, 'America/New_York');
    fakeBackend()
      .post('/v1/handoff/tickets/hd_0123456789abcdef/contact-mode')
      .reply(200, handoffTicket({ channel: 'web', contactMode: 'callback', callbackAt: callbackAt.toISOString() }));
    const conversation = new WebConversation('de-DE');
    await conversation.say('ich möchte mit einem Menschen sprechen');
    const booked = await conversation.say('ja');
    // The web client says it is in Berlin (test/support/skill.ts): New York's 8:00 is 14:00 there.
    const context = { locale: 'de-DE', timeZone: 'Europe/Berlin', now: new Date() };
    const params = {
      day: formatDay(localDateOf(callbackAt, 'Europe/Berlin'), context),
      time: clockTime(callbackAt, 'de-DE', 'Europe/Berlin'),
    };
    assert.equal(toldBefore(booked, 'de-DE'), expected('de-DE', 'handoff.callbackScheduled.later', params));
    assert.match(params.time, /^1[34]:00$/);
  });

  it('already booked for a call back: says when, not the wait', async () => {
    const callbackAt = eightAm(1, ALICE.timeZone);
    const scope = fakeBackend()
      .post('/v1/handoff/tickets')
      .reply(409, { error: { code: 'conflict', message: 'This user already has an open ticket', details: { ticketId: 'hd_1' } } })
      .get('/v1/handoff/tickets/open')
      .reply(200, handoffTicket({ contactMode: 'callback', callbackAt: callbackAt.toISOString() }))
      .get('/v1/profile')
      .reply(200, ALICE);
    const turn = await new AlexaConversation('en-GB').intent('HumanAgentIntent');
    assert.equal(
      toldBefore(turn, 'en-GB'),
      expected('en-GB', 'handoff.callbackAlreadyBooked.tomorrow', { time: clockTime(callbackAt, 'en-GB', ALICE.timeZone) }),
    );
    assert.ok(scope.isDone());
  });
});

describe('handoff end to end, against the real backend', () => {
  const AGENT_KEY = 'desk-key-for-the-e2e-test-0123456789';
  let backend: RunningBackend;
  let dataDir: string;
  before(async () => {
    dataDir = await makeDataDir();
    backend = await startBackend({ port: 0, store: await testStoreIn(dataDir), logger: createLogger('silent'), agentApiKey: AGENT_KEY });
  });
  after(async () => {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('two misses, a yes: the agent desk sees the ticket with the conversation, in the user language', async () => {
    const app = testApp({ backend: new BackendClient({ baseUrl: backend.url, timeoutMs: 2000 }) });
    const conversation = new AlexaConversation('fr-FR', DEMO_USERS.alice.token, app);
    await conversation.intent('TransactionDetailIntent', { ordinal: { value: 'premier', id: '1' } });
    await conversation.intent('AMAZON.FallbackIntent');
    const offer = await conversation.intent('AMAZON.FallbackIntent');
    assert.equal(offer.speech, expected('fr-FR', 'handoff.offer.misunderstood'));
    const opened = await conversation.intent('AMAZON.YesIntent');
    assert.ok(opened.speech.startsWith(expected('fr-FR', 'handoff.created', { position: 1, minutes: 4 })), opened.speech);

    const desk = new Api(backend.url);
    const queue = await desk.get(HandoffPaths.agentQueue, { headers: { [AGENT_KEY_HEADER]: AGENT_KEY } });
    assert.equal(queue.status, 200);
    const [ticket] = AgentQueueResponse.parse(queue.body).tickets;
    assert.equal(ticket.user.displayName, 'Alice Martin');
    assert.equal(ticket.reason, 'misunderstood');
    assert.equal(ticket.context.language, 'fr-FR');
    assert.equal(ticket.context.topic, 'transactions');
    assert.deepEqual(ticket.context.intents, ['TransactionDetailIntent', 'AMAZON.FallbackIntent', 'AMAZON.FallbackIntent', 'AMAZON.YesIntent']);

    // Asked again later in the session: the same ticket, its place told, nothing opened twice.
    const again = await conversation.intent('HumanAgentIntent');
    assert.ok(again.speech.startsWith(expected('fr-FR', 'handoff.alreadyWaiting', { position: 1, minutes: 4 })), again.speech);
    const after = AgentQueueResponse.parse((await desk.get(HandoffPaths.agentQueue, { headers: { [AGENT_KEY_HEADER]: AGENT_KEY } })).body);
    assert.equal(after.tickets.length, 1);
  });
});

describe('handoff on the web platform', () => {
  afterEachCleanNock();

  it('understands "let me talk to a person" typed, and passes the words on (numbers masked)', async () => {
    const { scope, sent } = acceptTicket(handoffTicket({ channel: 'web' }));
    const conversation = new WebConversation('en-US');
    await conversation.say('my card ending 4242 was charged twice').catch(() => undefined);
    const turn = await conversation.say('let me talk to a person');
    assert.ok(turn.speech.startsWith(expected('en-US', 'handoff.created', { position: 3, minutes: 12 })), turn.speech);
    assert.equal(sent.body?.channel, 'web');
    assert.deepEqual(sent.body?.context.utterances, ['my card ending *** was charged twice', 'let me talk to a person']);
    assert.equal(sent.body?.context.intents.at(-1), 'HumanAgentIntent');
    assert.ok(scope.isDone());
  });

  const ANGRY: Array<[locale: string, text: string, yes: string]> = [
    ['en-US', 'this is ridiculous, nothing works, I want my money', 'yes'],
    ['de-DE', 'Das ist lächerlich, nichts funktioniert, ich will mein Geld', 'ja'],
  ];
  for (const [locale, text, yes] of ANGRY) {
    it(`${locale}: angry text, read by the emotion classifier, is offered a person; a yes opens the ticket`, async () => {
      const { scope, sent } = acceptTicket(handoffTicket({ channel: 'web', reason: 'angry' }));
      const conversation = new WebConversation(locale);
      const offer = await conversation.say(text);
      assert.equal(offer.speech, expected(locale, 'handoff.offer.angry'));
      const opened = await conversation.say(yes);
      assert.ok(opened.speech.startsWith(expected(locale, 'handoff.created', { position: 3, minutes: 12 })), opened.speech);
      assert.equal(sent.body?.reason, 'angry');
      assert.equal(sent.body?.context.emotion, 'angry');
      assert.equal(sent.body?.context.utterances[0], text);
      assert.ok(scope.isDone());
    });
  }

  it('angry text a second time in the session is not offered a person again', async () => {
    const conversation = new WebConversation('en-US');
    assert.equal((await conversation.say('this is ridiculous, nothing works, I want my money')).speech, expected('en-US', 'handoff.offer.angry'));
    assert.equal((await conversation.say('no')).speech, expected('en-US', 'handoff.declined'));
    const again = await conversation.say('this is outrageous, you people are useless');
    assert.notEqual(again.speech, expected('en-US', 'handoff.offer.angry'));
  });
});

describe("handoff end to end: a call back outside the agents' hours, against the real backend", () => {
  let db: Db;
  let dataDir: string;
  let backend: { url: string; close: () => Promise<void> };
  /** The Saturday at 18:00 in Berlin two to eight days from now: the German desk is closed until Monday 8:00. */
  const berlin = 'Europe/Berlin';
  const today = localDateOf(new Date(), berlin);
  const saturday = addDays(today, 2 + ((6 - weekdayOf(addDays(today, 2)) + 7) % 7));
  const monday = addDays(saturday, 2);

  before(async () => {
    dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
    const served = await serve(createBackendApp({ db, logger: createLogger('silent'), now: () => localTimeToInstant(saturday, 18 * 60, berlin) }));
    backend = { url: served.api.url, close: served.close };
  });
  after(async () => {
    await backend.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('Bruno asks for a person on Saturday evening and hears he is called on Monday at 8:00, Berlin time', async () => {
    const app = testApp({ backend: new BackendClient({ baseUrl: backend.url, timeoutMs: 2000 }) });
    const conversation = new AlexaConversation('de-DE', DEMO_USERS.bruno.token, app);
    const opened = await conversation.intent('HumanAgentIntent');
    assert.ok(opened.speech.startsWith(expected('de-DE', 'handoff.created', { position: 1, minutes: 4 })), opened.speech);
    const booked = await conversation.intent('AMAZON.YesIntent');

    const callbackAt = localTimeToInstant(monday, 8 * 60, berlin);
    const context = { locale: 'de-DE', timeZone: berlin, now: new Date() };
    assert.equal(
      toldBefore(booked, 'de-DE'),
      expected('de-DE', 'handoff.callbackScheduled.later', {
        day: formatDay(monday, context),
        time: clockTime(callbackAt, 'de-DE', berlin),
      }),
    );
    const stored = await db.executor.selectFrom('handoff_tickets').select('contact_mode').where('status', '=', 'waiting').executeTakeFirstOrThrow();
    assert.equal(stored.contact_mode, 'callback');
    const ticket = await new Api(backend.url).get(HandoffPaths.openTicket, { token: DEMO_USERS.bruno.token });
    assert.equal(ticket.body.callbackAt, callbackAt.toISOString());
  });
});
