/**
 * Property-based fuzzing of the skill's HTTP endpoints with malformed and random Alexa and web
 * requests, against a real backend on a temporary store: never a 500, never a crash, never a
 * stack, and every SSML answer well-formed with the user's text escaped.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { TimestampVerifier } from 'ask-sdk-express-adapter';
import { createApp } from '../../../src/skill/app';
import { createBackendApp } from '../../../src/backend/app';
import type { Db } from '../../../src/backend/db/db';
import { openSeededStore } from '../../../src/backend/seed/seed';
import { BackendClient } from '../../../src/skill/services/backend-client';
import { createLogger } from '../../../src/shared/logger';
import { AlexaRequestVerifier } from '../../../src/skill/server/alexa-verification';
import { createSkillServer, SKILL_PATHS } from '../../../src/skill/server/express';
import { alexaEnvelope } from '../../support/alexa-request';
import { createSigningIdentity, PreloadedSignatureVerifier, signedHeaders } from '../../support/alexa-signing';
import { DEMO_USERS, makeDataDir, serve, type Api } from '../../backend/support';
import { anyJson, applyMutations, assertSafeSsml, crashWatch, fuzzRuns, hostileText, mutations, STACK_TRACE } from '../../support/fuzz';
import enModel from '../../../models/en.json';
import { testStoreIn } from '../../support/store';

const SKILL_ID = 'amzn1.ask.skill.test-carevoice';

/** The intents and slot names of the model as it is when the test runs (other work adds more). */
const MODEL_INTENTS = Object.entries((enModel as { intents?: Record<string, { entities?: Record<string, unknown> }> }).intents ?? {});
const INTENT_NAMES = [...MODEL_INTENTS.map(([name]) => name), 'AMAZON.FallbackIntent', 'AMAZON.NavigateHomeIntent', 'NoSuchIntent'];
const SLOT_NAMES = [...new Set(MODEL_INTENTS.flatMap(([, intent]) => Object.keys(intent.entities ?? {}))), 'noSuchSlot'];
const LOCALES = ['en-US', 'en-GB', 'de-DE', 'es-MX', 'fr-FR', 'ja-JP', 'zh-CN', 'it-IT', 'xx', ''];
const TOKENS = [...Object.values(DEMO_USERS).map((user) => user.token), DEMO_USERS.bruno.mobileAppToken, 'not-a-token', undefined];

const slotValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileText.map((value) => ({ value })) },
  {
    weight: 2,
    arbitrary: fc.record({ value: hostileText, id: hostileText }).map(({ value, id }) => ({
      value,
      resolutions: { resolutionsPerAuthority: [{ status: { code: 'ER_SUCCESS_MATCH' }, values: [{ value: { name: value, id } }] }] },
    })),
  },
  { weight: 1, arbitrary: anyJson },
);

const alexaRequest = fc
  .record({
    type: fc.constantFrom(
      'LaunchRequest',
      'IntentRequest',
      'IntentRequest',
      'IntentRequest',
      'SessionEndedRequest',
      'CanFulfillIntentRequest',
      'Connections.Response',
      'Alexa.Presentation.APL.UserEvent',
      'Bogus',
    ),
    intent: fc.constantFrom(...INTENT_NAMES),
    slots: fc.dictionary(fc.constantFrom(...SLOT_NAMES), slotValue, { maxKeys: 4 }),
    locale: fc.constantFrom(...LOCALES),
    token: fc.constantFrom(...TOKENS),
    newSession: fc.boolean(),
    attributes: fc.oneof(
      fc.constant({}),
      fc.dictionary(fc.constantFrom('voiceSession', 'profile', '__jovo', 'state', 'lastTurn', 'x'), anyJson, { maxKeys: 3 }),
    ),
    changes: mutations([
      'version',
      'session',
      'session.new',
      'session.attributes',
      'session.user',
      'session.user.accessToken',
      'session.application.applicationId',
      'context',
      'context.System',
      'context.System.user',
      'context.System.user.accessToken',
      'context.System.device',
      'request',
      'request.type',
      'request.locale',
      'request.intent',
      'request.intent.name',
      'request.intent.slots',
      'request.timestamp',
      'request.requestId',
      'request.dialogState',
    ]),
  })
  .map(({ type, intent, slots, locale, token, newSession, attributes, changes }) => {
    const namedSlots = Object.fromEntries(
      Object.entries(slots).map(([name, slot]) => [
        name,
        typeof slot === 'object' && slot !== null && !Array.isArray(slot) ? { name, confirmationStatus: 'NONE', ...slot } : slot,
      ]),
    );
    const base = alexaEnvelope(
      {
        type,
        ...(type === 'IntentRequest' ? { dialogState: 'COMPLETED', intent: { name: intent, confirmationStatus: 'NONE', slots: namedSlots } } : {}),
      },
      { locale, accessToken: token, newSession, sessionAttributes: attributes },
    );
    return applyMutations(base, changes);
  });

const webRequest = fc
  .record({
    inputType: fc.constantFrom('TEXT', 'TEXT', 'INTENT', 'LAUNCH', 'END', 'SPEECH', 'bogus'),
    text: hostileText,
    intent: fc.constantFrom(...INTENT_NAMES),
    entities: fc.dictionary(fc.constantFrom(...SLOT_NAMES), fc.record({ value: hostileText }), { maxKeys: 3 }),
    locale: fc.constantFrom(...LOCALES),
    token: fc.constantFrom(...TOKENS),
    sessionData: fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom('voiceSession', 'profile', 'state', 'x'), anyJson, { maxKeys: 3 })),
    changes: mutations([
      'version',
      'platform',
      'id',
      'locale',
      'timeZone',
      'data',
      'data.accessToken',
      'input',
      'input.type',
      'input.text',
      'input.intent',
      'input.entities',
      'context',
      'context.session',
      'context.session.data',
      'context.session.id',
      'context.user',
      'context.device',
      'timestamp',
    ]),
  })
  .map(({ inputType, text, intent, entities, locale, token, sessionData, changes }) =>
    applyMutations(
      {
        version: '4.0.0',
        platform: 'web',
        id: 'fuzz',
        timestamp: new Date().toISOString(),
        locale,
        timeZone: 'Europe/Paris',
        data: token === undefined ? {} : { accessToken: token },
        input: { type: inputType, text, ...(inputType === 'INTENT' ? { intent, entities } : {}) },
        context: {
          device: { id: 'd1', capabilities: ['SCREEN'] },
          session: { id: 's1', data: sessionData, new: false },
          user: { id: 'u1', data: {} },
        },
      },
      changes,
    ),
  );

/** Raw bodies that are not even the right kind of JSON. */
const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  anyJson.map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom(
    '{"request":',
    '[]',
    'null',
    '"text"',
    '{"request":{"type":"IntentRequest"},"context":{"System":{}}}',
    '\u0000',
    '{"__proto__":{"polluted":true}}',
  ),
);

interface Answer {
  status: number;
  text: string;
}

function collectSsml(value: unknown, found: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return found;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'ssml' && typeof item === 'string') found.push(item);
    else collectSsml(item, found);
  }
  return found;
}

/** Every text the web client would show or speak. */
function webMessages(body: { output?: unknown }): string[] {
  const messages: string[] = [];
  for (const output of Array.isArray(body.output) ? body.output : []) {
    for (const key of ['message', 'reprompt']) {
      const message = (output as Record<string, unknown>)[key];
      if (typeof message === 'string') messages.push(message);
      else if (message && typeof message === 'object') {
        const { speech, text } = message as { speech?: unknown; text?: unknown };
        if (typeof speech === 'string') messages.push(speech);
        if (typeof text === 'string') messages.push(text);
      }
    }
  }
  return messages;
}

function checkAnswer({ status, text }: Answer, sent: string): void {
  const context = `request ${sent.slice(0, 400)}`;
  assert.ok(status === 200 || status === 400, `${context}: HTTP ${status} ${text.slice(0, 300)}`);
  assert.doesNotMatch(text, STACK_TRACE, `${context}: a stack trace in the answer`);
  const body = JSON.parse(text);
  for (const ssml of collectSsml(body)) assertSafeSsml(ssml, context);
  for (const message of webMessages(body)) {
    // The web platform gets the same strings: any markup in them must be ours, and escaped.
    assertSafeSsml(message.startsWith('<speak>') ? message : `<speak>${message}</speak>`, `${context} (web)`);
  }
}

describe('security: fuzzing the skill endpoints', function () {
  this.timeout(180_000);
  const crashes = crashWatch();
  let dataDir: string;
  let db: Db;
  let backend: { api: Api; close(): Promise<void> };
  let open: Server;
  let openUrl: string;
  let verified: Server;
  let verifiedUrl: string;
  const identity = createSigningIdentity();

  async function listen(server: ReturnType<typeof createSkillServer>): Promise<[Server, string]> {
    return new Promise((resolve) => {
      const listening = server.listen(0, '127.0.0.1', () => resolve([listening, `http://127.0.0.1:${(listening.address() as AddressInfo).port}`]));
    });
  }

  before(async () => {
    dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
    const logger = createLogger('silent');
    backend = await serve(createBackendApp({ db, logger, rateLimits: { windowSeconds: 60, perIp: 0, perUser: 0 } }));
    const app = createApp({ backend: new BackendClient({ baseUrl: backend.api.url, timeoutMs: 2000 }), logger });
    await app.initialize();
    [open, openUrl] = await listen(createSkillServer({ app, logger }));
    const verifier = new AlexaRequestVerifier({
      skillId: SKILL_ID,
      verifiers: [new PreloadedSignatureVerifier(identity), new TimestampVerifier()],
    });
    [verified, verifiedUrl] = await listen(createSkillServer({ app, logger, alexaVerifier: verifier }));
    crashes.install();
  });

  after(async () => {
    crashes.uninstall();
    await Promise.all([new Promise((resolve) => open.close(resolve)), new Promise((resolve) => verified.close(resolve))]);
    await backend.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(() => crashes.assertNone());

  async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
    // A turn that never answers fails here, not as a mocha timeout (Alexa gives up after 8 s).
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, text: await response.text() };
  }

  it('answers random and malformed Alexa requests (verification off) with 200 or 400 and safe SSML', async () => {
    await fc.assert(
      fc.asyncProperty(alexaRequest, async (request) => {
        const body = JSON.stringify(request);
        checkAnswer(await post(openUrl + SKILL_PATHS.alexa, body), body);
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it('answers random Alexa requests signed by the test chain the same way', async () => {
    await fc.assert(
      fc.asyncProperty(alexaRequest, async (request) => {
        // A fresh timestamp, or the verifier refuses it before the skill sees it.
        const envelope = request as { request?: unknown };
        if (typeof envelope.request === 'object' && envelope.request !== null && !Array.isArray(envelope.request)) {
          (envelope.request as Record<string, unknown>).timestamp = new Date().toISOString();
        }
        const body = JSON.stringify(request);
        checkAnswer(await post(verifiedUrl + SKILL_PATHS.alexa, body, signedHeaders(identity, body)), body);
      }),
      { numRuns: fuzzRuns(40) },
    );
  });

  it('answers random and malformed web requests with 200 or 400 and safe speech', async () => {
    await fc.assert(
      fc.asyncProperty(webRequest, async (request) => {
        const body = JSON.stringify(request);
        checkAnswer(await post(openUrl + SKILL_PATHS.web, body), body);
      }),
      { numRuns: fuzzRuns(120) },
    );
  });

  it('answers bodies that are not requests at all with 400 or an apology, on both endpoints', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        fc.constantFrom(SKILL_PATHS.alexa, SKILL_PATHS.web),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (body, path, contentType) => {
          checkAnswer(await post(openUrl + path, body, { 'content-type': contentType }), body);
        },
      ),
      { numRuns: fuzzRuns(80) },
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'the prototype was polluted');
  });

  it('speaks a merchant name full of markup back escaped (the fuzzer’s target is reachable)', async () => {
    // Seeded counterparty text reaches SSML in the transactions answer; the check must see it.
    const answer = await post(
      openUrl + SKILL_PATHS.alexa,
      JSON.stringify(
        alexaEnvelope(
          {
            type: 'IntentRequest',
            intent: { name: 'RecentTransactionsIntent', slots: { merchant: { name: 'merchant', value: '<evil-marker/> & co' } } },
          },
          { locale: 'en-US', accessToken: DEMO_USERS.alice.token },
        ),
      ),
    );
    assert.equal(answer.status, 200);
    checkAnswer(answer, 'RecentTransactionsIntent with markup');
    assert.throws(() => assertSafeSsml('<speak>Paid <evil-marker/> &amp; co</speak>', 'self-check'), /unexpected element <evil-marker>/);
    assert.throws(() => assertSafeSsml('<speak>Paid M&S</speak>', 'self-check'), /not well-formed/);
  });
});
