import assert from 'node:assert/strict';
import type { FaqClassifier } from '../../src/skill/faq';
import { loadFaqClassifier } from '../../src/skill/faq';
import type { FaqRoutingThresholds } from '../../src/skill/faq/routing';
import { spokenWhen, transactionDetail } from '../../src/skill/speech/account-speech';
import { formatList, formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, ALICE_BALANCES, aliceTransactions, fakeBackend } from '../support/fake-backend';
import { expected, testApp, WebConversation } from '../support/skill';

/** The app as it was before the routing rule: nlp.js alone decides. */
const NLU_ONLY: FaqRoutingThresholds = { keepNluScore: 0, faqConfidence: Infinity };

function answerOf(locale: string, topic: string): string {
  return `${expected(locale, `faq.answers.${topic}`)} ${expected(locale, 'faq.anythingElse')}`;
}

/**
 * Customer questions (none in the training data) that nlp.js matches to one of the skill's own
 * requests, and what the user heard then instead of an answer.
 */
const MISMATCHED = [
  { locale: 'en-US', question: "my new card hasn't arrived yet", topic: 'card_arrival', heardBefore: 'fallback.first' },
  { locale: 'en-US', question: 'which exchange rate do you apply', topic: 'exchange_rate', heardBefore: 'help.message' },
  { locale: 'de-DE', question: 'Wie kann ich meine Karte aktivieren?', topic: 'activate_my_card', heardBefore: 'help.message' },
];

const BALANCE_QUESTIONS: Record<string, string> = { 'en-US': "what's my balance", 'de-DE': 'wie hoch ist mein Kontostand' };

/** A yes to an offer, that also sounds like a common question (nlp.js: a weak yes; the classifier: sure). */
const YES_WITH_A_QUESTION: Record<string, { anythingToKnow: string; yes: string }> = {
  'en-US': { anythingToKnow: 'is there anything I should know', yes: 'yes, why was my card payment declined?' },
  'de-DE': { anythingToKnow: 'gibt es etwas das ich wissen sollte', yes: 'ja, warum wurde meine Kartenzahlung abgelehnt?' },
};

describe('typed questions on the web go to the FAQ, not to a request they only resemble', () => {
  afterEachCleanNock();

  for (const { locale, question, topic, heardBefore } of MISMATCHED) {
    it(`${locale}: "${question}" is answered from the knowledge base`, async () => {
      const before = await new WebConversation(locale, 'token-alice', testApp({ faqRouting: NLU_ONLY })).say(question);
      assert.equal(before.speech, expected(locale, heardBefore), 'nlp.js alone no longer mismatches this question: pick another');
      const turn = await new WebConversation(locale).say(question);
      assert.equal(turn.speech, answerOf(locale, topic));
      assert.equal(turn.sessionEnds, false);
    });
  }

  for (const [locale, question] of Object.entries(BALANCE_QUESTIONS)) {
    it(`${locale}: "${question}" still reads the balance`, async () => {
      const scope = fakeBackend().get('/v1/balances').reply(200, { balances: ALICE_BALANCES });
      const turn = await new WebConversation(locale).say(question);
      const list = formatList([formatMoney(123456, 'USD', locale), formatMoney(5000, 'EUR', locale)], locale);
      assert.equal(turn.speech, expected(locale, 'balance.several', { list }));
      assert.ok(scope.isDone());
    });
  }

  it('classifies a question once per turn', async () => {
    const real = loadFaqClassifier();
    let calls = 0;
    const counting = { classify: (text: string, lang?: string) => ((calls += 1), real.classify(text, lang)) } as unknown as FaqClassifier;
    const turn = await new WebConversation('en-US', 'token-alice', testApp({ faq: () => counting })).say('which exchange rate do you apply');
    assert.equal(turn.speech, answerOf('en-US', 'exchange_rate'));
    assert.equal(calls, 1);
  });
});

describe('an open dialogue keeps its answers, however much they sound like a question', () => {
  afterEachCleanNock();

  for (const [locale, typed] of Object.entries(YES_WITH_A_QUESTION)) {
    it(`${locale}: a yes to an offered suggestion, with a question in it, accepts the offer`, async () => {
      // At the top of a conversation the same words are a common question.
      const asked = await new WebConversation(locale, null).say(typed.yes);
      assert.equal(asked.speech, answerOf(locale, 'declined_card_payment'));

      const declined = aliceTransactions().find((transaction) => transaction.id === 't-2');
      if (!declined) throw new Error('fake backend lost t-2');
      const scope = fakeBackend()
        .get('/v1/transactions')
        .query({ limit: '20' })
        .reply(200, { transactions: aliceTransactions() })
        .get('/v1/transactions/t-2')
        .reply(200, declined);
      const conversation = new WebConversation(locale);
      const t = (key: string, params?: Record<string, unknown>) => expected(locale, key, params);
      // The web client's time zone (Europe/Berlin) is the one dates are spoken in.
      const context = { locale, timeZone: 'Europe/Berlin', now: new Date() };
      const offer = await conversation.say(typed.anythingToKnow);
      assert.equal(
        offer.speech,
        t('suggestions.noticed.failed_payment', {
          amount: formatMoney(declined.amountMinor, declined.currency, locale),
          counterparty: declined.counterparty,
          when: spokenWhen(declined.bookedAt, context, t),
        }),
      );
      const accepted = await conversation.say(typed.yes);
      assert.equal(accepted.speech, `${transactionDetail(declined, context, t)} ${t('suggestions.explain.failed_payment')} ${t('anythingElse.reprompt')}`);
      assert.ok(scope.isDone());
    });
  }

  it('en-US: a "no" with a question in it, at the voice code prompt, is a no to the voice code', async () => {
    const reply = 'no, how do I reset my voice code';
    const asked = await new WebConversation('en-US', null).say(reply);
    assert.equal(asked.speech, answerOf('en-US', 'passcode_forgotten'));

    const scope = fakeBackend()
      .get('/v1/balances')
      .reply(403, { error: { code: 'voice_code_required', message: 'voice code required' } });
    const conversation = new WebConversation('en-US', 'token-bruno');
    const prompt = await conversation.say("what's my balance");
    assert.equal(prompt.speech, expected('en-US', 'voiceCode.ask'));
    const cancelled = await conversation.say(reply);
    assert.equal(cancelled.speech, expected('en-US', 'voiceCode.cancelled'));
    assert.equal(cancelled.sessionEnds, false);
    assert.ok(scope.isDone());
  });
});
