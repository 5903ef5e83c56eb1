import assert from 'node:assert/strict';
import type { Transaction } from '../../src/shared/contract/api';
import type { FaqClassification } from '../../src/skill/faq';
import type { UnderstandingModel } from '../../src/skill/nlu/understanding';
import { PERSONAL_FETCH_LIMIT } from '../../src/skill/faq/personalise';
import { spokenWhen } from '../../src/skill/speech/account-speech';
import { formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, ALICE, aliceTransactions, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, faqAnswer, notUnderstood, testApp, toldBefore, WebConversation } from '../support/skill';

/** Real questions in each Alexa language, answered by the real classifier. */
const CARD_ARRIVAL_QUESTIONS: Record<string, string> = {
  en: "my new card still hasn't arrived",
  de: 'meine neue Karte ist immer noch nicht angekommen',
  es: 'mi tarjeta nueva todavía no ha llegado',
  fr: "ma nouvelle carte n'est toujours pas arrivée",
  ja: '新しいカードがまだ届きません',
};

const ALEXA_LOCALES_BY_LANGUAGE: Array<[string, string]> = [
  ['en', 'en-US'],
  ['en', 'en-GB'],
  ['en', 'en-AU'],
  ['en', 'en-CA'],
  ['en', 'en-IN'],
  ['de', 'de-DE'],
  ['es', 'es-ES'],
  ['es', 'es-MX'],
  ['es', 'es-US'],
  ['fr', 'fr-FR'],
  ['fr', 'fr-CA'],
  ['ja', 'ja-JP'],
];

/** An understanding model that reads every text as the same question, to drive the dialogue's three branches. */
function classifierSaying(classification: FaqClassification): () => UnderstandingModel {
  const readings = [classification, ...classification.alternatives].map(({ topic, confidence }) => ({ label: `faq:${topic}`, confidence }));
  return () => ({ classify: () => classification, understand: () => readings }) as unknown as UnderstandingModel;
}

/** Alice's backend as the personalised answers read it: her profile and her items of one status. */
function aliceBackend(status: 'pending' | 'failed', transactions = aliceTransactions()) {
  return fakeBackend()
    .get('/v1/profile')
    .reply(200, ALICE)
    .get('/v1/transactions')
    .query({ status, limit: String(PERSONAL_FETCH_LIMIT) })
    .reply(200, { transactions: transactions.filter((transaction) => transaction.status === status) });
}

/** What Alice hears about her own declined payment at Marks & Spencer (fake-backend's t-2), in a locale. */
function declinedAtMarksAndSpencer(locale: string): string {
  const payment = aliceTransactions().find((transaction) => transaction.id === 't-2');
  if (!payment) throw new Error('fake backend lost t-2');
  const context = { locale, timeZone: ALICE.timeZone, now: new Date() };
  const when = spokenWhen(payment.bookedAt, context, (key, params) => expected(locale, key, params));
  return expected(locale, 'faq.personal.declinedCardPayment', {
    amount: formatMoney(payment.amountMinor, payment.currency, locale),
    counterparty: payment.counterparty,
    when,
  });
}

describe('common questions', () => {
  afterEachCleanNock();

  for (const [language, locale] of ALEXA_LOCALES_BY_LANGUAGE) {
    describe(locale, () => {
      it('answers a question it recognises from the knowledge base', async () => {
        const turn = await new AlexaConversation(locale).intent('FaqIntent', { query: CARD_ARRIVAL_QUESTIONS[language] });
        assert.equal(toldBefore(turn, locale), faqAnswer(locale, 'card_arrival'));
        assert.equal(turn.sessionEnds, false);
      });

      it('asks which of two close topics is meant, and answers the one chosen', async () => {
        const app = testApp({
          understanding: classifierSaying({
            topic: 'declined_card_payment',
            confidence: 0.45,
            alternatives: [{ topic: 'pending_card_payment', confidence: 0.4 }],
          }),
        });
        const conversation = new AlexaConversation(locale, 'token-alice', app);
        // Alice has no pending card payment: the chosen answer is the general one.
        const scope = aliceBackend('pending');
        const question = await conversation.intent('FaqIntent', { query: 'my card payment' });
        assert.equal(
          question.speech,
          expected(locale, 'understanding.choose', {
            first: expected(locale, 'faq.topics.declined_card_payment'),
            second: expected(locale, 'faq.topics.pending_card_payment'),
          }),
        );
        const answer = await conversation.intent('TransactionDetailIntent', { ordinal: { value: 'second', id: '2' } });
        assert.equal(toldBefore(answer, locale), faqAnswer(locale, 'pending_card_payment'));
        assert.ok(scope.isDone());
      });

      it("starts the answer with the user's own declined payment", async () => {
        const app = testApp({ understanding: classifierSaying({ topic: 'declined_card_payment', confidence: 0.9, alternatives: [] }) });
        const scope = aliceBackend('failed');
        const turn = await new AlexaConversation(locale, 'token-alice', app).intent('FaqIntent', { query: 'why was my card declined' });
        assert.equal(toldBefore(turn, locale), `${declinedAtMarksAndSpencer(locale)} ${faqAnswer(locale, 'declined_card_payment')}`);
        assert.match(turn.speech, /Marks & Spencer/);
        assert.ok(scope.isDone());
      });

      it('says plainly when it is not sure, and offers a person instead of guessing', async () => {
        const app = testApp({
          understanding: classifierSaying({ topic: 'exchange_rate', confidence: 0.2, alternatives: [{ topic: 'exchange_charge', confidence: 0.1 }] }),
        });
        const turn = await new AlexaConversation(locale, 'token-alice', app).intent('FaqIntent', { query: 'horses' });
        assert.equal(turn.speech, notUnderstood(locale));
        assert.equal(turn.sessionEnds, false);
      });
    });
  }

  describe("the user's own data in answers, and when there is none to tell", () => {
    const pendingTopUp = testApp({ understanding: classifierSaying({ topic: 'pending_top_up', confidence: 0.9, alternatives: [] }) });
    const VOICE_CODE_REQUIRED = { error: { code: 'voice_code_required', message: 'voice code required' } };

    it('tells a pending top-up of the user, with amount and day', async () => {
      const topUp: Transaction = {
        id: 't-9',
        bookedAt: new Date(Date.now() - 26 * 3_600_000).toISOString(),
        direction: 'credit',
        status: 'pending',
        amountMinor: 5000,
        currency: 'EUR',
        kind: 'top_up',
        counterparty: 'Visa 4242',
      };
      const scope = aliceBackend('pending', [topUp, ...aliceTransactions()]);
      const turn = await new AlexaConversation('en-GB', 'token-alice', pendingTopUp).intent('FaqIntent', {
        query: 'is my top up still pending',
      });
      const when = spokenWhen(topUp.bookedAt, { locale: 'en-GB', timeZone: ALICE.timeZone, now: new Date() }, (key, params) => expected('en-GB', key, params));
      const note = expected('en-GB', 'faq.personal.pendingTopUp', { amount: formatMoney(5000, 'EUR', 'en-GB'), when });
      assert.equal(toldBefore(turn, 'en-GB'), `${note} ${faqAnswer('en-GB', 'pending_top_up')}`);
      assert.match(turn.speech, /€50/);
      assert.ok(scope.isDone());
    });

    it('gives the general answer alone when the user has no such item', async () => {
      const scope = aliceBackend('pending');
      const turn = await new AlexaConversation('de-DE', 'token-alice', pendingTopUp).intent('FaqIntent', { query: 'Aufladung ausstehend' });
      assert.equal(toldBefore(turn, 'de-DE'), faqAnswer('de-DE', 'pending_top_up'));
      assert.ok(scope.isDone());
    });

    it('does not ask the backend for a user who has not linked an account', async () => {
      const untouched = aliceBackend('pending');
      const turn = await new AlexaConversation('es-ES', null, pendingTopUp).intent('FaqIntent', { query: 'recarga pendiente' });
      assert.equal(toldBefore(turn, 'es-ES'), faqAnswer('es-ES', 'pending_top_up'));
      assert.equal(untouched.isDone(), false);
    });

    it('gives the general answer when the backend fails or wants the voice code first', async () => {
      const down = fakeBackend().get('/v1/profile').times(2).reply(503).get('/v1/transactions').query(true).times(2).reply(503);
      const turn = await new AlexaConversation('fr-FR', 'token-alice', pendingTopUp).intent('FaqIntent', {
        query: 'rechargement en attente',
      });
      assert.equal(toldBefore(turn, 'fr-FR'), faqAnswer('fr-FR', 'pending_top_up'));
      assert.ok(down.isDone());

      const locked = fakeBackend().get('/v1/profile').reply(200, ALICE).get('/v1/transactions').query(true).reply(403, VOICE_CODE_REQUIRED);
      const lockedTurn = await new AlexaConversation('ja-JP', 'token-alice', pendingTopUp).intent('FaqIntent', {
        query: 'チャージが保留中',
      });
      assert.equal(toldBefore(lockedTurn, 'ja-JP'), faqAnswer('ja-JP', 'pending_top_up'));
      assert.ok(locked.isDone());
    });
  });

  describe('after an answer, the conversation goes on', () => {
    const exchangeRate = () => testApp({ understanding: classifierSaying({ topic: 'exchange_rate', confidence: 0.9, alternatives: [] }) });
    const torn = () =>
      testApp({
        understanding: classifierSaying({
          topic: 'declined_card_payment',
          confidence: 0.45,
          alternatives: [{ topic: 'pending_card_payment', confidence: 0.4 }],
        }),
      });

    for (const locale of ['en-US', 'de-DE']) {
      it(`${locale}: "yes" to "anything else?" listens for the next question, "no" says goodbye`, async () => {
        const conversation = new AlexaConversation(locale, 'token-alice', exchangeRate());
        await conversation.intent('FaqIntent', { query: 'exchange rate' });
        const yes = await conversation.intent('AMAZON.YesIntent');
        assert.equal(yes.speech, expected(locale, 'faq.askQuestion'));
        assert.equal(yes.sessionEnds, false);
        const no = await conversation.intent('AMAZON.NoIntent');
        assert.equal(no.speech, expected(locale, 'goodbye.message'));
        assert.equal(no.sessionEnds, true);
      });
    }

    it('"no" to "do you mean X or Y?" means neither: not sure, and a person offered', async () => {
      const conversation = new AlexaConversation('en-GB', 'token-alice', torn());
      await conversation.intent('FaqIntent', { query: 'my card payment' });
      const neither = await conversation.intent('AMAZON.NoIntent');
      assert.equal(neither.speech, notUnderstood('en-GB'));
    });

    it('something unclear while choosing asks again for the choice', async () => {
      const conversation = new AlexaConversation('fr-FR', 'token-alice', torn());
      await conversation.intent('FaqIntent', { query: 'mon paiement par carte' });
      const unclear = await conversation.intent('AMAZON.FallbackIntent');
      assert.equal(unclear.speech, expected('fr-FR', 'understanding.chooseReprompt'));
    });

    it('"the second one" with no choice pending is about a transaction again', async () => {
      const scope = fakeBackend()
        .get('/v1/profile')
        .reply(200, ALICE)
        .get('/v1/transactions')
        .query({ limit: '2' })
        .reply(200, { transactions: aliceTransactions().slice(0, 2) });
      const conversation = new AlexaConversation('en-US', 'token-alice', exchangeRate());
      await conversation.intent('FaqIntent', { query: 'exchange rate' });
      const detail = await conversation.intent('TransactionDetailIntent', { ordinal: { value: 'second', id: '2' } });
      assert.match(detail.speech, /Marks & Spencer/);
      assert.ok(scope.isDone());
    });

    it('anything else not understood is handled as everywhere in the skill', async () => {
      const conversation = new AlexaConversation('es-MX', 'token-alice', exchangeRate());
      await conversation.intent('FaqIntent', { query: 'tipo de cambio' });
      const unclear = await conversation.intent('AMAZON.FallbackIntent');
      assert.equal(unclear.speech, expected('es-MX', 'fallback.first'));
    });
  });

  it('on the web, a typed choice resolves the clarifying question (Chinese, web only)', async () => {
    const app = testApp({
      understanding: classifierSaying({
        topic: 'declined_card_payment',
        confidence: 0.45,
        alternatives: [{ topic: 'pending_card_payment', confidence: 0.4 }],
      }),
    });
    // The web client tells its time zone: no profile needed, only the pending items.
    const scope = fakeBackend()
      .get('/v1/transactions')
      .query({ status: 'pending', limit: String(PERSONAL_FETCH_LIMIT) })
      .reply(200, { transactions: [] });
    const conversation = new WebConversation('zh-CN', 'token-alice', app);
    const question = await conversation.say('我有一个关于刷卡付款的问题');
    assert.equal(
      question.speech,
      expected('zh-CN', 'understanding.choose', {
        first: expected('zh-CN', 'faq.topics.declined_card_payment'),
        second: expected('zh-CN', 'faq.topics.pending_card_payment'),
      }),
    );
    const answer = await conversation.say('第二个');
    assert.equal(toldBefore(answer, 'zh-CN'), faqAnswer('zh-CN', 'pending_card_payment'));
    assert.ok(scope.isDone());
  });

  it('on the web, sends typed questions no intent matched to the classifier', async () => {
    const turn = await new WebConversation('zh-CN').say('我的新卡还没收到');
    assert.equal(toldBefore(turn, 'zh-CN'), faqAnswer('zh-CN', 'card_arrival'));
  });
});
