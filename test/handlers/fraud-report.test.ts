import assert from 'node:assert/strict';
import { transactionDetail } from '../../src/skill/speech/account-speech';
import { ALICE, ALICE_BALANCES, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, TEST_BACKEND_TIMEOUT_MS, toldBefore } from '../support/skill';
import {
  afterEachCleanNock,
  ALEXA_LOCALE_LIST,
  CHEN,
  dayInDays,
  FakeReportStore,
  ledger,
  paymentWords,
  REFERENCE,
  report,
  sentences,
  speechContext,
  spokenDay,
  t,
  VOICE_CODE_REQUIRED,
  wordsOf,
} from './fraud-fixtures';

const DIGITS = `<say-as interpret-as="digits">${REFERENCE}</say-as>`;

/** The backend reads a report dialogue makes before the questions: the profile and the recent payments. */
function ledgerReads(transactions = ledger()) {
  return fakeBackend().get('/v1/profile').reply(200, ALICE).get('/v1/transactions').query({ limit: '30' }).reply(200, { transactions });
}

describe('fraud dialogue: reporting fraud', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    const words = wordsOf(locale);
    const scamType = (id: string) => expected(locale, `scamTypes.${id}`);

    describe(locale, () => {
      it('reports the last payment: asks what happened, confirms, files it and reads the reference digit by digit', async () => {
        const transactions = ledger();
        const reads = ledgerReads(transactions);
        const filed = report({
          transactionId: 'f-1',
          recovery: { method: 'payee_freeze', status: 'requested' },
          nextStep: 'await_payee_bank',
          expectedBy: dayInDays(2),
        });
        const store = new FakeReportStore(filed);
        const post = store.intercept();
        const conversation = new AlexaConversation(locale);

        const ask = await conversation.intent('ReportFraudIntent', { ordinal: words.last });
        assert.equal(ask.speech, sentences(locale, ['fraudReport.start'], ['fraudReport.whatHappened']));
        assert.equal(ask.sessionEnds, false);

        const confirm = await conversation.intent('DescribeScamIntent', { scamType: words.impersonation });
        assert.equal(
          confirm.speech,
          expected(locale, 'fraudReport.confirmWithTransaction', {
            transaction: paymentWords(locale, transactions[1]),
            scamType: scamType('impersonation'),
          }),
        );
        assert.equal(post.isDone(), false, 'nothing is filed before the user says yes');

        const done = await conversation.intent('AMAZON.YesIntent');
        assert.equal(
          toldBefore(done, locale),
          sentences(
            locale,
            ['fraudReport.filed', { reference: REFERENCE }],
            ['fraudReport.frozenAtPayee'],
            ['nextSteps.await_payee_bank'],
            ['fraudReport.expectedBy', { expectedBy: spokenDay(locale, dayInDays(2)) }],
          ),
        );
        assert.equal(done.ssml.split(DIGITS).length - 1, 2, 'the reference is read twice, digit by digit');
        assert.deepEqual(store.bodies, [{ transactionId: 'f-1', scamType: 'impersonation', channel: 'voice_assistant' }]);
        assert.ok(reads.isDone() && post.isDone());
      });

      it('asks which payment when the amount fits two, and takes "the second"', async () => {
        const transactions = ledger();
        const reads = ledgerReads(transactions).get('/v1/transactions/f-4').reply(200, transactions[4]);
        const post = new FakeReportStore(report()).intercept();
        const conversation = new AlexaConversation(locale);

        const question = await conversation.intent('ReportFraudIntent', { amount: '50', scamType: words.taskScam });
        assert.equal(
          question.speech,
          [
            expected(locale, 'fraudReport.start'),
            expected(locale, 'fraudReport.ambiguous', { count: 2 }),
            expected(locale, 'fraudReport.option', {
              ordinal: expected(locale, 'ordinals.1'),
              transaction: paymentWords(locale, transactions[1]),
            }),
            expected(locale, 'fraudReport.option', {
              ordinal: expected(locale, 'ordinals.2'),
              transaction: paymentWords(locale, transactions[4]),
            }),
            expected(locale, 'fraudReport.whichOne'),
          ].join(' '),
        );

        const confirm = await conversation.intent('TransactionDetailIntent', { ordinal: words.second });
        assert.equal(
          confirm.speech,
          expected(locale, 'fraudReport.confirmWithTransaction', {
            transaction: paymentWords(locale, transactions[4]),
            scamType: scamType('task_scam'),
          }),
        );

        const dropped = await conversation.intent('AMAZON.NoIntent');
        assert.equal(toldBefore(dropped, locale), expected(locale, 'fraudReport.notFiled'));
        assert.ok(reads.isDone());
        assert.equal(post.isDone(), false, '"no" files nothing');
      });

      it('reports a call without a payment: asks which payment, then what happened', async () => {
        const store = new FakeReportStore(report());
        const post = store.intercept();
        const profile = fakeBackend().get('/v1/profile').reply(200, ALICE);
        const conversation = new AlexaConversation(locale);

        const which = await conversation.intent('ReportFraudIntent');
        assert.equal(which.speech, sentences(locale, ['fraudReport.start'], ['fraudReport.whichTransaction']));
        assert.equal(which.reprompt, expected(locale, 'fraudReport.whichTransactionReprompt'));

        const what = await conversation.intent('NoTransactionIntent');
        assert.equal(what.speech, expected(locale, 'fraudReport.whatHappened'));
        // "a fake bank call" fills the scam type, not a guess between look-alike intents.
        assert.deepEqual(
          what.directives?.map(({ type, slotToElicit, updatedIntent }) => [type, slotToElicit, updatedIntent?.name]),
          [['Dialog.ElicitSlot', 'scamType', 'DescribeScamIntent']],
        );

        const confirm = await conversation.intent('DescribeScamIntent', { scamType: words.impersonation });
        assert.equal(confirm.speech, expected(locale, 'fraudReport.confirmWithoutTransaction', { scamType: scamType('impersonation') }));

        const done = await conversation.intent('AMAZON.YesIntent');
        assert.equal(
          toldBefore(done, locale),
          sentences(
            locale,
            ['fraudReport.filed', { reference: REFERENCE }],
            ['nextSteps.review'],
            ['fraudReport.expectedBy', { expectedBy: spokenDay(locale, dayInDays(5)) }],
          ),
        );
        assert.deepEqual(store.bodies, [{ scamType: 'impersonation', channel: 'voice_assistant' }]);
        assert.ok(post.isDone() && profile.isDone());
      });

      it('after a backend timeout, files again with the same Idempotency-Key: exactly one report exists', async () => {
        const store = new FakeReportStore(report());
        const slow = store.intercept(TEST_BACKEND_TIMEOUT_MS + 200);
        const conversation = new AlexaConversation(locale);
        await conversation.intent('ReportFraudIntent', { scamType: words.impersonation });
        await conversation.intent('NoTransactionIntent');

        const failed = await conversation.intent('AMAZON.YesIntent');
        assert.equal(failed.speech, expected(locale, 'fraudReport.failed'));
        assert.equal(failed.sessionEnds, false);
        // Let the slow answer arrive (and be thrown away): the first request did reach the store.
        await store.untilReached(1);
        assert.ok(slow.isDone());

        const retry = store.intercept();
        fakeBackend().get('/v1/profile').reply(200, ALICE);
        const done = await conversation.intent('AMAZON.YesIntent');
        assert.ok(done.speech.startsWith(expected(locale, 'fraudReport.filed', { reference: REFERENCE })), done.speech);
        assert.ok(retry.isDone());
        assert.equal(store.keys.length, 2);
        assert.match(store.keys[0], /^[0-9a-f-]{36}$/);
        assert.equal(store.keys[1], store.keys[0], 'the retry sends the same Idempotency-Key');
        assert.equal(store.filed.size, 1, 'exactly one report was filed');
      });

      it('offers a report that timed out again, with the same key, when the user comes back to it', async () => {
        const store = new FakeReportStore(report());
        store.intercept(TEST_BACKEND_TIMEOUT_MS + 200);
        const conversation = new AlexaConversation(locale);
        await conversation.intent('ReportFraudIntent', { scamType: words.impersonation });
        await conversation.intent('NoTransactionIntent');
        assert.equal((await conversation.intent('AMAZON.YesIntent')).speech, expected(locale, 'fraudReport.failed'));
        await store.untilReached(1);

        // The user asks something else, then comes back: the report was not forgotten.
        fakeBackend().get('/v1/balances').reply(200, { balances: ALICE_BALANCES });
        await conversation.intent('BalanceIntent');
        const offer = await conversation.intent('ReportFraudIntent');
        assert.equal(offer.speech, expected(locale, 'fraudReport.retryPending', { scamType: scamType('impersonation') }));
        store.intercept();
        // The profile cannot be read just now: the reference is still heard.
        fakeBackend()
          .get('/v1/profile')
          .times(2)
          .reply(503, { error: { code: 'internal', message: 'down' } });
        const done = await conversation.intent('AMAZON.YesIntent');
        assert.ok(done.speech.startsWith(expected(locale, 'fraudReport.filed', { reference: REFERENCE })), done.speech);
        assert.deepEqual(new Set(store.keys).size, 1);
        assert.equal(store.filed.size, 1);
      });

      it('with the voice code locked, still takes the report, without naming the payment', async () => {
        const backend = fakeBackend();
        backend.get('/v1/profile').reply(200, CHEN);
        backend.get('/v1/transactions').query({ limit: '30' }).reply(403, VOICE_CODE_REQUIRED);
        backend.post('/v1/voice-code/verify').reply(200, { result: 'locked', attemptsLeft: 0 });
        const conversation = new AlexaConversation(locale, 'token-chen');
        await conversation.intent('ReportFraudIntent', { ordinal: words.last });
        const locked = await conversation.intent('VoiceCodeIntent', { code: '0000' });
        assert.equal(locked.speech, sentences(locale, ['voiceCode.locked'], ['fraudReport.withoutVoiceCode'], ['fraudReport.whatHappened']));
        const confirm = await conversation.intent('DescribeScamIntent', { scamType: words.impersonation });
        assert.equal(confirm.speech, expected(locale, 'fraudReport.confirmWithoutTransaction', { scamType: scamType('impersonation') }));
        assert.ok(backend.isDone());
      });

      it('asks for the voice code before reading payments, takes a wrong one, then goes on', async () => {
        const transactions = ledger();
        const backend = fakeBackend();
        backend.get('/v1/profile').reply(200, CHEN);
        backend.get('/v1/transactions').query({ limit: '30' }).reply(403, VOICE_CODE_REQUIRED);
        backend.post('/v1/voice-code/verify', { code: '1111' }).reply(200, { result: 'wrong', attemptsLeft: 2 });
        backend.post('/v1/voice-code/verify', { code: '2580' }).reply(200, { result: 'ok', attemptsLeft: 3, voiceSession: 'vs-chen' });
        backend.get('/v1/transactions').query({ limit: '30' }).matchHeader('x-voice-session', 'vs-chen').reply(200, { transactions });
        const conversation = new AlexaConversation(locale, 'token-chen');

        const code = await conversation.intent('ReportFraudIntent', { ordinal: words.last });
        assert.equal(code.speech, expected(locale, 'voiceCode.ask'));
        const wrong = await conversation.intent('VoiceCodeIntent', { code: '1111' });
        assert.equal(wrong.speech, expected(locale, 'voiceCode.wrong', { count: 2 }));
        const resumed = await conversation.intent('VoiceCodeIntent', { code: '2580' });
        assert.equal(resumed.speech, sentences(locale, ['fraudReport.start'], ['fraudReport.whatHappened']));
        assert.ok(backend.isDone());
      });

      it('reports a card payment by its payee: the card payment is disputed, not frozen at the payee', async () => {
        const reads = ledgerReads();
        const store = new FakeReportStore(
          report({
            transactionId: 'f-3',
            recovery: { method: 'chargeback', status: 'requested' },
            nextStep: 'await_chargeback',
            expectedBy: dayInDays(30),
          }),
        );
        store.intercept();
        const conversation = new AlexaConversation(locale);
        await conversation.intent('ReportFraudIntent', { merchant: 'Starbucks', scamType: words.taskScam });
        const done = await conversation.intent('AMAZON.YesIntent');
        assert.equal(
          toldBefore(done, locale),
          sentences(
            locale,
            ['fraudReport.filed', { reference: REFERENCE }],
            ['nextSteps.await_chargeback'],
            ['fraudReport.expectedBy', { expectedBy: spokenDay(locale, dayInDays(30)) }],
          ),
        );
        assert.deepEqual(store.bodies, [{ transactionId: 'f-3', scamType: 'task_scam', channel: 'voice_assistant' }]);
        assert.ok(reads.isDone());
      });

      it('names the report that already covers the payment', async () => {
        const reads = ledgerReads();
        const conflict = fakeBackend()
          .post('/v1/fraud-reports')
          .reply(409, {
            error: { code: 'conflict', message: 'already reported', details: { field: 'transactionId', reference: '31415920' } },
          });
        const conversation = new AlexaConversation(locale);
        await conversation.intent('ReportFraudIntent', { ordinal: words.last, scamType: words.impersonation });
        const answer = await conversation.intent('AMAZON.YesIntent');
        assert.equal(toldBefore(answer, locale), expected(locale, 'fraudReport.alreadyReported', { reference: '31415920' }));
        assert.ok(reads.isDone() && conflict.isDone());
      });

      it('after a payment the user did not make, offers to freeze the wallet and does it on "yes"', async () => {
        const reads = ledgerReads();
        const post = new FakeReportStore(report({ scamType: 'account_takeover' })).intercept();
        const freeze = fakeBackend()
          .get('/v1/account/freeze')
          .reply(200, { frozen: false, openFraudReport: true })
          .post('/v1/account/freeze')
          .reply(200, { frozen: true, frozenAt: new Date().toISOString(), openFraudReport: true });
        const conversation = new AlexaConversation(locale);
        const confirm = await conversation.intent('ReportFraudIntent', { ordinal: words.last, scamType: words.hacked });
        assert.equal(
          confirm.speech,
          sentences(
            locale,
            ['fraudReport.start'],
            ['fraudReport.confirmWithTransaction', { transaction: paymentWords(locale, ledger()[1]), scamType: scamType('account_takeover') }],
          ),
        );

        const filed = await conversation.intent('AMAZON.YesIntent');
        assert.ok(filed.speech.endsWith(expected(locale, 'fraudReport.freezeOffer')), filed.speech);
        const frozen = await conversation.intent('AMAZON.YesIntent');
        assert.equal(toldBefore(frozen, locale), expected(locale, 'freeze.done'));
        assert.ok(reads.isDone() && post.isDone() && freeze.isDone());
      });
    });
  }
});

describe('fraud dialogue: what the outside world wrote stays text', () => {
  afterEachCleanNock();

  it('escapes a payee name in the confirmation, and the reference is the only markup added', async () => {
    const [credit, , , , older] = ledger();
    const payee = { ...ledger()[1], counterparty: '<b>Tom & "Jerry"</b>' };
    ledgerReads([credit, payee, older]);
    const conversation = new AlexaConversation('en-GB');
    const confirm = await conversation.intent('ReportFraudIntent', { ordinal: wordsOf('en-GB').last, scamType: wordsOf('en-GB').taskScam });
    assert.ok(confirm.ssml.includes('&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;'), confirm.ssml);
    assert.doesNotMatch(confirm.ssml, /<b>/);
    assert.ok(confirm.speech.includes('<b>Tom & "Jerry"</b>'), 'the listener hears the name as written');
  });
});

describe('fraud dialogue: after the report', () => {
  afterEachCleanNock();

  it('"tell me about the last one" is a transaction question again once the report is filed', async () => {
    const transactions = ledger();
    ledgerReads(transactions);
    new FakeReportStore(report()).intercept();
    const detail = fakeBackend()
      .get('/v1/transactions')
      .query({ limit: '1' })
      .reply(200, { transactions: [transactions[0]] });
    const conversation = new AlexaConversation('en-US');
    await conversation.intent('ReportFraudIntent', { ordinal: wordsOf('en-US').last, scamType: wordsOf('en-US').taskScam });
    await conversation.intent('AMAZON.YesIntent');
    const turn = await conversation.intent('TransactionDetailIntent', { ordinal: wordsOf('en-US').last });
    assert.equal(toldBefore(turn, 'en-US'), transactionDetail(transactions[0], speechContext('en-US'), t('en-US')));
    assert.ok(detail.isDone());
  });
});
