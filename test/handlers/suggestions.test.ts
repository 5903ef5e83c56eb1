import assert from 'node:assert/strict';
import type { Transaction } from '../../src/shared/contract/api';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { spokenWhen, transactionDetail } from '../../src/skill/speech/account-speech';
import { formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, ALICE, aliceTransactions, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, toldBefore, WebConversation } from '../support/skill';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();
const HOUR = 3_600_000;

/** Alice's transactions without yesterday's declined payment, and one event worth raising on top. */
function withEvent(event: Partial<Transaction> & Pick<Transaction, 'kind' | 'status' | 'direction'>, hoursAgo: number): Transaction[] {
  const seeded: Transaction = {
    id: 't-event',
    bookedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
    amountMinor: 5000,
    currency: 'EUR',
    counterparty: 'Sparkasse',
    ...event,
  };
  return [seeded, ...aliceTransactions().filter((transaction) => transaction.status !== 'failed')];
}

/** Only what suggestions ask for; the launch's other reads (alerts) fail and are left to their owners. */
function serveLaunch(transactions: Transaction[]) {
  return fakeBackend().get('/v1/transactions').query({ limit: '20' }).reply(200, { transactions }).get('/v1/profile').reply(200, ALICE);
}

/** Each seeded event, the kind it is raised as, and whether the answer can read the transaction. */
const CASES = [
  { name: 'a card payment declined yesterday', kind: 'failed_payment', transactions: () => aliceTransactions(), id: 't-2' },
  {
    name: 'a pending top-up',
    kind: 'pending_top_up',
    transactions: () => withEvent({ kind: 'top_up', status: 'pending', direction: 'credit' }, 5),
    id: 't-event',
  },
  {
    name: 'a transfer held for safety',
    kind: 'held_transfer',
    transactions: () => withEvent({ kind: 'transfer', status: 'pending', direction: 'debit', counterparty: 'Star Task Hub' }, 3),
    id: 't-event',
  },
] as const;

describe('suggestions conversations, in every Alexa locale', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      const context = () => ({ locale, timeZone: ALICE.timeZone, now: new Date() });
      const t = (key: string, params?: Record<string, unknown>) => expected(locale, key, params);

      for (const { name, kind, transactions, id } of CASES) {
        it(`offers ${name} after the welcome, and a yes gives the transaction and what it means`, async () => {
          const all = transactions();
          const event = all.find((transaction) => transaction.id === id) as Transaction;
          const scope = serveLaunch(all).get(`/v1/transactions/${id}`).reply(200, event);
          const conversation = new AlexaConversation(locale);

          const launch = await conversation.launch();
          const offer = t(`suggestions.offer.${kind}`, {
            amount: formatMoney(event.amountMinor, event.currency, locale),
            counterparty: event.counterparty,
            when: spokenWhen(event.bookedAt, context(), t),
          });
          assert.equal(launch.speech, `${t('welcome.message')} ${offer}`);
          assert.equal(launch.reprompt, t('suggestions.reprompt'));

          const answer = await conversation.intent('AMAZON.YesIntent');
          assert.equal(toldBefore(answer, locale), `${transactionDetail(event, context(), t)} ${t(`suggestions.explain.${kind}`)}`);
          assert.ok(scope.isDone());
        });
      }

      it('takes a no for an answer and offers nothing more that session', async () => {
        const scope = serveLaunch(aliceTransactions());
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        const no = await conversation.intent('AMAZON.NoIntent');
        assert.equal(no.speech, t('suggestions.declined'));
        // A yes now is no longer about the suggestion.
        const yes = await conversation.intent('AMAZON.YesIntent');
        assert.equal(yes.speech, t('anythingElse.whatElse'));
        assert.ok(scope.isDone());
      });

      it('does not take a later yes, after something else, for an answer to the offer', async () => {
        const scope = serveLaunch(aliceTransactions());
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        await conversation.intent('AMAZON.HelpIntent');
        const yes = await conversation.intent('AMAZON.YesIntent');
        assert.equal(yes.speech, t('anythingElse.whatElse'));
        assert.ok(scope.isDone());
      });

      it('answers "anything I should know?" with the top concern, or plainly that there is none', async () => {
        const all = withEvent({ kind: 'top_up', status: 'pending', direction: 'credit' }, 5);
        const [event] = all;
        const scope = fakeBackend()
          .get('/v1/transactions')
          .query({ limit: '20' })
          .reply(200, { transactions: all })
          .get('/v1/profile')
          .reply(200, ALICE)
          .get('/v1/transactions/t-event')
          .reply(200, event)
          .get('/v1/transactions')
          .query({ limit: '20' })
          .reply(200, { transactions: aliceTransactions().filter((transaction) => transaction.status === 'completed') });
        const conversation = new AlexaConversation(locale);
        const noticed = await conversation.intent('SuggestionsIntent');
        assert.equal(
          noticed.speech,
          t('suggestions.noticed.pending_top_up', {
            amount: formatMoney(5000, 'EUR', locale),
            counterparty: 'Sparkasse',
            when: spokenWhen(event.bookedAt, context(), t),
          }),
        );
        const details = await conversation.intent('AMAZON.YesIntent');
        assert.ok(details.speech.includes(t('suggestions.explain.pending_top_up')), details.speech);

        const nothing = await new AlexaConversation(locale).intent('SuggestionsIntent');
        assert.equal(toldBefore(nothing, locale), t('suggestions.nothing'));
        assert.ok(scope.isDone());
      });

      it('does not offer a transfer the user cancelled as one that failed: the welcome alone, and nothing on "anything I should know?"', async () => {
        const all = withEvent({ kind: 'transfer', status: 'cancelled', direction: 'debit', counterparty: 'Star Task Hub' }, 3);
        const scope = fakeBackend().get('/v1/transactions').query({ limit: '20' }).times(2).reply(200, { transactions: all });
        const launch = await new AlexaConversation(locale).launch();
        assert.equal(launch.speech, t('welcome.message'));
        const asked = await new AlexaConversation(locale).intent('SuggestionsIntent');
        assert.equal(toldBefore(asked, locale), t('suggestions.nothing'));
        assert.ok(scope.isDone());
      });

      it('welcomes alone when nothing needs attention', async () => {
        const calm = aliceTransactions().filter((transaction) => transaction.status === 'completed');
        const scope = fakeBackend().get('/v1/transactions').query({ limit: '20' }).reply(200, { transactions: calm });
        const launch = await new AlexaConversation(locale).launch();
        assert.equal(launch.speech, t('welcome.message'));
        assert.equal(launch.reprompt, t('welcome.reprompt'));
        assert.ok(scope.isDone());
      });
    });
  }

  it('suggestions: a voice code still to say, or no linked account, means the welcome alone (no voice code dialogue at launch)', async () => {
    const scope = fakeBackend()
      .get('/v1/transactions')
      .query({ limit: '20' })
      .times(2)
      .reply(403, { error: { code: 'voice_code_required', message: 'Say the voice code first' } });
    const locked = await new AlexaConversation('de-DE').launch();
    assert.equal(locked.speech, expected('de-DE', 'welcome.message'));
    const anonymous = await new AlexaConversation('en-US', null).launch();
    assert.equal(anonymous.speech, expected('en-US', 'welcome.message'));
    assert.equal(scope.pendingMocks().length, 1, 'only the linked user was looked up (a 403 is not retried)');
  });
});

describe('suggestions on the web platform', () => {
  afterEachCleanNock();

  it('understands "is there anything I should know" typed', async () => {
    const scope = fakeBackend().get('/v1/transactions').query({ limit: '20' }).reply(200, { transactions: aliceTransactions() });
    // The web client says its time zone: no profile read is needed for the dates.
    const turn = await new WebConversation('en-US').say('is there anything I should know');
    const failed = aliceTransactions()[1];
    // The web client's time zone (Europe/Berlin) is the one dates are spoken in.
    const context = { locale: 'en-US', timeZone: 'Europe/Berlin', now: new Date() };
    const t = (key: string, params?: Record<string, unknown>) => expected('en-US', key, params);
    assert.equal(
      turn.speech,
      t('suggestions.noticed.failed_payment', {
        amount: formatMoney(failed.amountMinor, failed.currency, 'en-US'),
        counterparty: failed.counterparty,
        when: spokenWhen(failed.bookedAt, context, t),
      }),
    );
    assert.ok(scope.isDone());
  });
});
