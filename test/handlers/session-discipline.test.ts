/**
 * Certification's first functional test: a session that stays open must end on a question (with a
 * reprompt), or the user is left with an open microphone and nothing to answer. Every intent of
 * every Alexa locale's model is sent as the first turn of a session, by a demo user of that
 * language, against the real backend on a fresh store: each answer either ends the session or
 * ends on a question with a reprompt.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALEXA_LOCALES, languageOf } from '../../src/shared/languages';
import { DEMO_USERS, type DemoUser } from '../../src/shared/demo-users';
import { BackendClient } from '../../src/skill/services/backend-client';
import { startTestBackend, type TestBackend } from '../backend/support';
import { AlexaConversation, expected, testApp, type Turn } from '../support/skill';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();

/** Sentences that end in a question mark, or in the question particles of Japanese and Chinese. */
const QUESTION_END = /([?？]|か。?|吗。?|呢。?)["」』”]?$/;

/** The question may be followed by hints ("Which payment? Say, for example: the last one. If none, say: no payment."). */
export function endsOnAQuestion(speech: string): boolean {
  const sentences = speech
    .split(/(?<=[.!?。！？])\s*/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  return sentences.slice(-3).some((sentence) => QUESTION_END.test(sentence));
}

function modelIntents(locale: string): string[] {
  const model = JSON.parse(readFileSync(path.join(__dirname, '../../models', `${languageOf(locale)}.json`), 'utf8')) as { intents: Record<string, unknown> };
  return Object.keys(model.intents);
}

/** A demo user of the locale's language (Alice where there is none), with or without a voice code. */
function speakerOf(locale: string, withVoiceCode = true): string {
  const speaker = Object.values(DEMO_USERS).find((user) => languageOf(user.locale) === languageOf(locale) && (withVoiceCode || !(user as DemoUser).voiceCode));
  return (speaker ?? DEMO_USERS.alice).token;
}

function openWithoutAQuestion(turn: Turn): string | undefined {
  if (turn.sessionEnds) return undefined;
  if (!turn.reprompt) return `open without a reprompt: "${turn.speech}"`;
  if (!endsOnAQuestion(turn.speech)) return `open, not ending on a question: "${turn.speech}"`;
  return undefined;
}

describe('session discipline: every answer ends the session or ends on a question', function () {
  this.timeout(120_000);
  let backend: TestBackend;
  let client: BackendClient;

  before(async () => {
    backend = await startTestBackend();
    // Generous: the first turns load the understanding model and train the emotion classifier in
    // this process, and this test is about what is said, not about timeouts (backend-failures.test.ts).
    client = new BackendClient({ baseUrl: backend.api.url, timeoutMs: 30_000 });
  });
  after(() => backend.close());

  it('knows a question when it hears one', () => {
    assert.ok(endsOnAQuestion('You have $5. Anything else?'));
    assert.ok(endsOnAQuestion('Would you like one? Say, for example: the first one.'));
    assert.ok(endsOnAQuestion('残高は500円です。ほかに何かありますか？'));
    assert.ok(endsOnAQuestion('何をなさいますか。'));
    assert.ok(!endsOnAQuestion('You have $5 in your wallet.'));
    assert.ok(!endsOnAQuestion('Is that all? There are more. Ask for a longer period. Or say: stop.'));
  });

  for (const locale of ALEXA_LOCALE_LIST) {
    it(`${locale}: launch and every intent of the model, each as a session's first turn`, async () => {
      // A new app for each session: the test suite keeps one session per app and user.
      const session = () => new AlexaConversation(locale, token, testApp({ backend: client }));
      const token = speakerOf(locale);
      const problems: string[] = [];
      const launch = await session().launch();
      const launchProblem = openWithoutAQuestion(launch);
      if (launchProblem) problems.push(`LaunchRequest: ${launchProblem}`);
      for (const intent of modelIntents(locale)) {
        const turn = await session().intent(intent);
        const problem = openWithoutAQuestion(turn);
        if (problem) problems.push(`${intent}: ${problem}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  for (const locale of ALEXA_LOCALE_LIST) {
    it(`${locale}: the balance, then "anything else?", then "no" ends with a goodbye`, async () => {
      const conversation = new AlexaConversation(locale, speakerOf(locale, false), testApp({ backend: client }));
      const balance = await conversation.intent('BalanceIntent');
      assert.equal(balance.sessionEnds, false);
      assert.ok(endsOnAQuestion(balance.speech), balance.speech);
      assert.equal(balance.reprompt, expected(locale, 'anythingElse.reprompt'));
      const no = await conversation.intent('AMAZON.NoIntent');
      assert.equal(no.speech, expected(locale, 'goodbye.message'));
      assert.equal(no.sessionEnds, true);
    });
  }

  for (const locale of ALEXA_LOCALE_LIST) {
    it(`${locale}: Alexa's session end right after the launch gets no speech`, async () => {
      const conversation = new AlexaConversation(locale, speakerOf(locale), testApp({ backend: client }));
      await conversation.launch();
      const ended = await conversation.sessionEnded('USER_INITIATED');
      assert.equal(ended.ssml, '');
      assert.equal(ended.reprompt, undefined);
      assert.equal(ended.sessionEnds, true);
    });
  }
});
