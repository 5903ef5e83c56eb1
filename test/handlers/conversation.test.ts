import assert from 'node:assert/strict';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { spokenWhen } from '../../src/skill/speech/account-speech';
import { formatList, formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, ALICE, ALICE_BALANCES, aliceTransactions, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, toldBefore } from '../support/skill';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();

function t(locale: string) {
  return (key: string, params?: Record<string, unknown>) => expected(locale, key, params);
}

describe('a whole conversation, in every Alexa locale', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      it('welcomes on launch and keeps listening', async () => {
        const turn = await new AlexaConversation(locale).launch();
        assert.equal(turn.speech, expected(locale, 'welcome.message'));
        assert.equal(turn.reprompt, expected(locale, 'welcome.reprompt'));
        assert.equal(turn.sessionEnds, false);
      });

      it('reads every balance with amounts in the locale format', async () => {
        const scope = fakeBackend().get('/v1/balances').reply(200, { balances: ALICE_BALANCES });
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        const turn = await conversation.intent('BalanceIntent');
        const list = formatList([formatMoney(123456, 'USD', locale), formatMoney(5000, 'EUR', locale)], locale);
        assert.equal(toldBefore(turn, locale), expected(locale, 'balance.several', { list }));
        assert.equal(turn.sessionEnds, false);
        assert.ok(scope.isDone());
      });

      it('lists recent transactions with relative dates in the user time zone, then details the one at Starbucks', async () => {
        const transactions = aliceTransactions();
        const scope = fakeBackend()
          .get('/v1/profile')
          .reply(200, ALICE)
          .get('/v1/transactions')
          .query({ limit: '4' })
          .reply(200, { transactions })
          .get('/v1/transactions')
          .query({ counterparty: 'Starbucks', limit: '1' })
          .reply(200, { transactions: [transactions[0]] });
        const conversation = new AlexaConversation(locale);
        await conversation.launch();

        const list = await conversation.intent('RecentTransactionsIntent');
        const context = { locale, timeZone: ALICE.timeZone, now: new Date() };
        const when = spokenWhen(transactions[1].bookedAt, context, t(locale));
        const failedItem = expected(locale, 'transactions.item.debit.failed', {
          amount: formatMoney(8999, 'USD', locale),
          counterparty: 'Marks & Spencer',
          when,
        });
        assert.ok(list.speech.startsWith(expected(locale, 'transactions.intro', { count: 3 })), list.speech);
        assert.ok(list.speech.includes(failedItem), `${list.speech}\n  should include: ${failedItem}`);
        // The question is the last thing said: more exist, and which one would the user like?
        assert.ok(list.speech.endsWith(`${expected(locale, 'transactions.more')} ${expected(locale, 'transactions.followUp')}`), list.speech);
        assert.equal(list.reprompt, expected(locale, 'transactions.followUp'));

        const detail = await conversation.intent('TransactionDetailIntent', { merchant: 'Starbucks' });
        assert.ok(
          detail.speech.startsWith(
            expected(locale, 'transactions.detail.debit', {
              amount: formatMoney(450, 'USD', locale),
              counterparty: 'Starbucks',
              when: spokenWhen(transactions[0].bookedAt, context, t(locale)),
            }),
          ),
          detail.speech,
        );
        assert.ok(scope.isDone());
      });

      it('explains what it can do on help, short first, the rest on help again, short again after something else', async () => {
        const conversation = new AlexaConversation(locale);
        const short = await conversation.intent('AMAZON.HelpIntent');
        assert.equal(short.speech, expected(locale, 'help.message'));
        assert.equal(short.reprompt, expected(locale, 'help.reprompt'));
        assert.equal(short.sessionEnds, false);
        const more = await conversation.intent('AMAZON.HelpIntent');
        assert.equal(more.speech, expected(locale, 'help.more'));
        assert.equal(more.sessionEnds, false);
        await conversation.intent('AMAZON.FallbackIntent');
        assert.equal((await conversation.intent('AMAZON.HelpIntent')).speech, expected(locale, 'help.message'));
      });

      it('repeats the last answer word for word', async () => {
        const conversation = new AlexaConversation(locale);
        const help = await conversation.intent('AMAZON.HelpIntent');
        const repeated = await conversation.intent('AMAZON.RepeatIntent');
        assert.equal(repeated.speech, help.speech);
        assert.equal(repeated.reprompt, help.reprompt);
      });

      it('re-asks once with an example, then offers a person instead of looping', async () => {
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        const first = await conversation.intent('AMAZON.FallbackIntent');
        const second = await conversation.intent('AMAZON.FallbackIntent');
        assert.equal(first.speech, expected(locale, 'fallback.first'));
        assert.equal(second.speech, expected(locale, 'handoff.offer.misunderstood'));
        assert.equal(second.sessionEnds, false);

        // A good turn in between starts the count again.
        await conversation.intent('AMAZON.HelpIntent');
        const afterGoodTurn = await conversation.intent('AMAZON.FallbackIntent');
        assert.equal(afterGoodTurn.speech, expected(locale, 'fallback.first'));
      });

      it('says goodbye and ends the session on stop and on cancel', async () => {
        for (const intent of ['AMAZON.StopIntent', 'AMAZON.CancelIntent']) {
          const conversation = new AlexaConversation(locale);
          await conversation.launch();
          const turn = await conversation.intent(intent);
          assert.equal(turn.speech, expected(locale, 'goodbye.message'));
          assert.equal(turn.sessionEnds, true);
        }
      });
    });
  }
});
