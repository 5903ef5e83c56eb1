import assert from 'node:assert/strict';
import type { Transaction, Transfer } from '../../src/shared/contract/api';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { spokenAhead, spokenWhen } from '../../src/skill/speech/account-speech';
import { formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, ALICE, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, toldBefore } from '../support/skill';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();
const PAYEE = 'Nora Klein';

function t(locale: string) {
  return (key: string, params?: Record<string, unknown>) => expected(locale, key, params);
}

/** A transfer to a new payee waiting out 2 hours of delayed arrival, sent 10 minutes ago. */
function pendingTransfer(now = Date.now()): Transfer {
  return {
    id: 'tr_delayed1',
    createdAt: new Date(now - 10 * 60_000).toISOString(),
    status: 'pending',
    payee: { name: PAYEE, accountMasked: '+1…0147' },
    amountMinor: 45_000,
    currency: 'USD',
    channel: 'voice_assistant',
    risk: { score: 15, level: 'low', reasons: [{ code: 'first_transfer_to_payee', weight: 15 }], scamType: 'unknown' },
    transactionId: 'tx_delayed1',
    arrivesAt: new Date(now + 110 * 60_000).toISOString(),
  };
}

/** Its ledger entry, as the transactions list shows it. */
function pendingEntry(transfer: Transfer): Transaction {
  return {
    id: transfer.transactionId,
    bookedAt: transfer.createdAt,
    direction: 'debit',
    status: 'pending',
    amountMinor: transfer.amountMinor,
    currency: transfer.currency,
    kind: 'transfer',
    counterparty: transfer.payee.name,
    arrivesAt: transfer.arrivesAt,
  };
}

describe('cancelling a delayed transfer, in every Alexa locale', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      const amount = formatMoney(45_000, 'USD', locale);
      const context = () => ({ locale, timeZone: ALICE.timeZone, now: new Date() });

      function backendWithPendingTransfer(transfer = pendingTransfer()) {
        const reads = fakeBackend()
          .get('/v1/transfers')
          .query({ status: 'pending' })
          .reply(200, { transfers: [transfer] })
          .get('/v1/profile')
          .reply(200, ALICE);
        const cancel = fakeBackend()
          .post(`/v1/transfers/${transfer.id}/cancel`)
          .reply(200, { ...transfer, status: 'cancelled', cancelledAt: new Date().toISOString() });
        return { reads, cancel, transfer };
      }

      it('names the latest delayed transfer, with when it arrives, and cancels it after a yes', async () => {
        const { reads, cancel, transfer } = backendWithPendingTransfer();
        const conversation = new AlexaConversation(locale);

        const question = await conversation.intent('CancelTransferIntent');
        const arrival = spokenAhead(transfer.arrivesAt ?? '', context(), t(locale));
        assert.equal(question.speech, expected(locale, 'cancelTransfer.confirm', { amount, payee: PAYEE, arrival }));
        assert.equal(question.reprompt, expected(locale, 'cancelTransfer.confirmReprompt', { amount, payee: PAYEE }));
        assert.equal(question.sessionEnds, false);
        assert.ok(!cancel.isDone(), 'nothing is cancelled before the yes');

        const yes = await conversation.intent('AMAZON.YesIntent');
        assert.equal(toldBefore(yes, locale), expected(locale, 'cancelTransfer.cancelled', { amount, payee: PAYEE }));
        assert.ok(reads.isDone());
        assert.ok(cancel.isDone(), 'the backend cancelled it');
      });

      it('leaves the transfer on a no, saying when it arrives', async () => {
        const { cancel, transfer } = backendWithPendingTransfer();
        const conversation = new AlexaConversation(locale);
        await conversation.intent('CancelTransferIntent');

        const no = await conversation.intent('AMAZON.NoIntent');
        const arrival = spokenAhead(transfer.arrivesAt ?? '', context(), t(locale));
        assert.equal(toldBefore(no, locale), expected(locale, 'cancelTransfer.kept', { arrival }));
        assert.ok(!cancel.isDone(), 'nothing was cancelled');
      });

      it('says plainly when no transfer is waiting to arrive', async () => {
        const scope = fakeBackend().get('/v1/transfers').query({ status: 'pending' }).reply(200, { transfers: [] });
        const turn = await new AlexaConversation(locale).intent('CancelTransferIntent');
        assert.equal(toldBefore(turn, locale), expected(locale, 'cancelTransfer.none'));
        assert.ok(scope.isDone());
      });

      it('lists a delayed transfer with when it arrives and how to cancel it, and says so in its detail', async () => {
        const transfer = pendingTransfer();
        const entry = pendingEntry(transfer);
        const scope = fakeBackend()
          .get('/v1/profile')
          .reply(200, ALICE)
          .get('/v1/transactions')
          .query({ limit: '4' })
          .reply(200, { transactions: [entry] })
          .get('/v1/transactions')
          .query({ counterparty: PAYEE, limit: '1' })
          .reply(200, { transactions: [entry] });
        const conversation = new AlexaConversation(locale);
        const arrival = spokenAhead(entry.arrivesAt ?? '', context(), t(locale));
        const when = spokenWhen(entry.bookedAt, context(), t(locale));

        const list = await conversation.intent('RecentTransactionsIntent');
        const item = expected(locale, 'transactions.item.arriving', { amount, counterparty: PAYEE, when, arrival });
        assert.ok(list.speech.includes(`${item} ${expected(locale, 'transactions.howToCancel')}`), `${list.speech}\n  should include: ${item}`);

        const detail = await conversation.intent('TransactionDetailIntent', { merchant: PAYEE });
        assert.ok(
          toldBefore(detail, locale).endsWith(`${expected(locale, 'transactions.arriving', { arrival })} ${expected(locale, 'transactions.howToCancel')}`),
          detail.speech,
        );
        assert.ok(scope.isDone());
      });
    });
  }

  it('says a transfer that arrived between the question and the yes can no longer be cancelled', async () => {
    const transfer = pendingTransfer();
    fakeBackend()
      .get('/v1/transfers')
      .query({ status: 'pending' })
      .reply(200, { transfers: [transfer] })
      .get('/v1/profile')
      .reply(200, ALICE);
    const refused = fakeBackend()
      .post(`/v1/transfers/${transfer.id}/cancel`)
      .reply(409, { error: { code: 'already_decided', message: 'This transfer has already arrived', details: { status: 'settled' } } });
    const conversation = new AlexaConversation('en-US');
    await conversation.intent('CancelTransferIntent');
    const yes = await conversation.intent('AMAZON.YesIntent');
    assert.equal(toldBefore(yes, 'en-US'), expected('en-US', 'cancelTransfer.alreadyArrived'));
    assert.ok(refused.isDone());
  });
});
