import assert from 'node:assert/strict';
import type { Alert, AlertDecisionRequest, PersuasionStat, Transaction } from '../../src/shared/contract/api';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { spokenWhen } from '../../src/skill/speech/account-speech';
import { describeHold } from '../../src/skill/speech/alert-speech';
import { formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, ALICE, aliceTransactions, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, WebConversation, toldBefore } from '../support/skill';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();
const HOUR = 3_600_000;
const PAYEE = 'Star Task Hub';

function heldAlert(now = Date.now()): Alert {
  const at = (hours: number) => new Date(now + hours * HOUR).toISOString();
  return {
    id: 'al_demo1',
    status: 'open',
    openedAt: at(-0.1),
    scamType: 'task_scam',
    transfer: {
      id: 'tr_demo1',
      createdAt: at(-0.1),
      status: 'held',
      payee: { name: PAYEE, accountMasked: '+44…0123' },
      amountMinor: 180_000,
      currency: 'USD',
      memo: 'task commission unlock fee',
      channel: 'mobile_app',
      risk: { score: 95, level: 'high', reasons: [{ code: 'payee_scam_listed', weight: 60 }], scamType: 'task_scam' },
      transactionId: 'tx_demo1',
      alertId: 'al_demo1',
      holdUntil: at(2),
      holdExpired: false,
    },
    decisions: [],
  };
}

/** Outcomes so lopsided that Thompson sampling picks the same variant every time: one per emotion. */
const BEST: Record<string, string> = {
  calm: 'calm.factual',
  anxious: 'anxious.stepwise',
  angry: 'angry.respect',
  insistent: 'insistent.question',
  confused: 'confused.story',
};
const STATS: PersuasionStat[] = Object.entries(BEST).flatMap(([emotion, best]) =>
  [
    'calm.factual',
    'calm.empathetic',
    'calm.firm',
    'anxious.reassuring',
    'anxious.stepwise',
    'anxious.factual',
    'angry.deescalate',
    'angry.respect',
    'angry.firm',
    'insistent.consequences',
    'insistent.question',
    'insistent.firm',
    'confused.simple',
    'confused.story',
    'confused.steps',
  ]
    .filter((variant) => variant.startsWith(`${emotion}.`))
    .map((variant) => ({
      scamType: 'task_scam' as const,
      emotion: emotion as PersuasionStat['emotion'],
      variant,
      successes: variant === best ? 600 : 0,
      trials: 600,
    })),
);

/** The ledger entry of the alert's transfer once the user cancelled it, as the backend books it. */
function cancelledEntry(alert: Alert): Transaction {
  const { transfer } = alert;
  return {
    id: transfer.transactionId,
    bookedAt: transfer.createdAt,
    direction: 'debit',
    status: 'cancelled',
    amountMinor: transfer.amountMinor,
    currency: transfer.currency,
    kind: 'transfer',
    counterparty: transfer.payee.name,
    ...(transfer.memo === undefined ? {} : { memo: transfer.memo }),
  };
}

function variantText(locale: string, variant: string): string {
  return expected(locale, `securityAlert.variants.${variant}`);
}

/**
 * The backend of a user with one held transfer: alerts, profile, the warning heard, the
 * statistics, and the decision (captured). `decision` is the one interceptor a test checks last.
 */
function backendWithAlert(alert = heldAlert()) {
  const posted: AlertDecisionRequest[] = [];
  const reads = fakeBackend()
    .get('/v1/alerts')
    .reply(200, { alerts: [alert] })
    .get('/v1/profile')
    .reply(200, ALICE)
    .get('/v1/persuasion/stats')
    .times(5)
    .optionally()
    .reply(200, { stats: STATS });
  const warned = fakeBackend()
    .post(`/v1/alerts/${alert.id}/warning-heard`)
    .reply(200, { ...alert, warningHeardAt: new Date().toISOString() });
  const decision = fakeBackend()
    .post(`/v1/alerts/${alert.id}/decision`, (body: AlertDecisionRequest) => {
      posted.push(body);
      return true;
    })
    .reply(200, { ...alert, status: 'cancelled' });
  return { reads, warned, decision, posted, alert };
}

function backendWithAlertDecisionOnly(alert: Alert) {
  const posted: AlertDecisionRequest[] = [];
  const decision = fakeBackend()
    .post(`/v1/alerts/${alert.id}/decision`, (body: AlertDecisionRequest) => {
      posted.push(body);
      return true;
    })
    .reply(200, { ...alert, status: 'cancelled' });
  return { posted, decision };
}

describe('security alert dialogue, in every Alexa locale', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      const amount = formatMoney(180_000, 'USD', locale);

      it('puts a pending alert first on launch: the danger of the scam type, what is held until when, the question', async () => {
        const { warned, decision, alert } = backendWithAlert();
        const turn = await new AlexaConversation(locale).launch();
        const t = (key: string, params?: Record<string, unknown>) => expected(locale, key, params);
        const hold = describeHold(alert.transfer.holdUntil, false, { locale, timeZone: ALICE.timeZone, now: new Date() }, t);
        assert.equal(
          turn.speech,
          [t('securityAlert.opening', { amount, payee: PAYEE }), t('securityAlert.danger.task_scam'), hold, t('securityAlert.askCancel')].join(' '),
        );
        assert.notEqual(turn.speech, expected(locale, 'welcome.message'));
        assert.equal(turn.reprompt, expected(locale, 'securityAlert.reprompt'));
        assert.equal(turn.sessionEnds, false);
        assert.ok(warned.isDone(), 'the warning is recorded as heard');
        assert.equal(decision.isDone(), false);
      });

      it('cancels when the worried user asks to: decision cancel posted with emotion and variant, money back', async () => {
        const { decision, posted } = backendWithAlert();
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        const worried = await conversation.intent('WorriedIntent');
        assert.ok(worried.speech.startsWith(variantText(locale, BEST.anxious)), worried.speech);
        assert.ok(worried.speech.endsWith(expected(locale, 'securityAlert.clarify.cancelIt')), worried.speech);
        assert.equal(decision.isDone(), false, 'nothing decided while the user is only worried');

        const cancelled = await conversation.intent('CancelTransferIntent');
        assert.ok(cancelled.speech.startsWith(expected(locale, 'securityAlert.decided.cancel', { amount })), cancelled.speech);
        assert.equal(cancelled.sessionEnds, false);
        assert.ok(decision.isDone());
        assert.equal(posted[0].decision, 'cancel');
        assert.deepEqual(posted[0].emotions, ['anxious']);
        assert.deepEqual(posted[0].scriptVariants, [BEST.anxious]);
        assert.equal(posted[0].confirmedTwice, false);
        assert.match(posted[0].transcriptSummary ?? '', /task_scam[\s\S]*unclear \(anxious\)[\s\S]*Decision: cancel/);
      });

      it('calls the transfer cancelled, never failed, in the transaction list and its detail after the user cancelled it', async () => {
        const { decision, alert } = backendWithAlert();
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        await conversation.intent('CancelTransferIntent');
        assert.ok(decision.isDone());

        const entry = cancelledEntry(alert);
        const ledger = [entry, ...aliceTransactions()];
        const reads = fakeBackend()
          .get('/v1/transactions')
          .query({ limit: '4' })
          .reply(200, { transactions: ledger })
          .get('/v1/transactions')
          .query({ counterparty: PAYEE, limit: '1' })
          .reply(200, { transactions: [entry] });
        const t = (key: string, params?: Record<string, unknown>) => expected(locale, key, params);
        const when = spokenWhen(entry.bookedAt, { locale, timeZone: ALICE.timeZone, now: new Date() }, t);
        const item = (status: string) => t(`transactions.item.debit.${status}`, { amount, counterparty: PAYEE, when });

        const list = await conversation.intent('RecentTransactionsIntent');
        assert.ok(list.speech.includes(item('cancelled')), `${list.speech}\n  should include: ${item('cancelled')}`);
        assert.ok(!list.speech.includes(item('failed')), list.speech);

        const detail = toldBefore(await conversation.intent('TransactionDetailIntent', { merchant: PAYEE }), locale);
        assert.ok(detail.endsWith(t('transactions.status.cancelled')), detail);
        assert.ok(!detail.includes(t('transactions.status.failed')), detail);
        assert.ok(reads.isDone());
      });

      it('releases an insistent user only after a person was offered, a second warning and an explicit yes', async () => {
        const { decision, posted } = backendWithAlert();
        const conversation = new AlexaConversation(locale);
        await conversation.launch();

        const insist = await conversation.intent('InsistIntent');
        assert.equal(insist.speech, [variantText(locale, BEST.insistent), expected(locale, 'securityAlert.offerHuman')].join(' '));
        const declined = await conversation.intent('AMAZON.NoIntent');
        assert.ok(declined.speech.endsWith(expected(locale, 'securityAlert.secondWarning', { amount })), declined.speech);
        const send = await conversation.intent('SendAnywayIntent');
        assert.ok(send.speech.endsWith(expected(locale, 'securityAlert.confirmSend', { amount, payee: PAYEE })), send.speech);
        assert.equal(decision.isDone(), false, 'no release before the explicit confirmation');

        const confirmed = await conversation.intent('AMAZON.YesIntent');
        assert.ok(confirmed.speech.startsWith(expected(locale, 'securityAlert.decided.proceed', { amount, payee: PAYEE })), confirmed.speech);
        assert.ok(decision.isDone());
        assert.equal(posted[0].decision, 'proceed');
        assert.equal(posted[0].confirmedTwice, true);
        assert.deepEqual(posted[0].emotions, ['insistent', 'calm', 'calm']);
        assert.equal(posted[0].scriptVariants[0], BEST.insistent);
      });

      it('explains it again to a confused user, and gives a calm one who wants to send a second warning, never the release', async () => {
        const { decision } = backendWithAlert();
        const confusedConversation = new AlexaConversation(locale);
        await confusedConversation.launch();
        const confused = await confusedConversation.intent('ConfusedIntent');
        assert.ok(confused.speech.startsWith(variantText(locale, BEST.confused)), confused.speech);
        assert.ok(confused.speech.endsWith(expected(locale, 'securityAlert.clarify.cancelIt')), confused.speech);

        backendWithAlert();
        const calmConversation = new AlexaConversation(locale);
        await calmConversation.launch();
        const send = await calmConversation.intent('SendAnywayIntent');
        assert.equal(send.speech, [variantText(locale, BEST.calm), expected(locale, 'securityAlert.secondWarning', { amount })].join(' '));
        assert.equal(decision.isDone(), false, 'nothing released or decided');
      });

      it('escalates to a fraud specialist when the user asks for a person', async () => {
        const { decision, posted } = backendWithAlert();
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        const turn = await conversation.intent('TalkToPersonIntent');
        assert.ok(turn.speech.startsWith(expected(locale, 'securityAlert.decided.escalate')), turn.speech);
        assert.ok(decision.isDone());
        assert.equal(posted[0].decision, 'escalate');
      });

      it('keeps the money held and ends on stop', async () => {
        const { decision, posted } = backendWithAlert();
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        const turn = await conversation.intent('AMAZON.StopIntent');
        assert.equal(turn.speech, expected(locale, 'securityAlert.decided.hold'));
        assert.equal(turn.sessionEnds, true);
        assert.ok(decision.isDone());
        assert.equal(posted[0].decision, 'hold');
      });

      it('keeps the money held when Alexa ends the session (silence), and says nothing to that notice', async () => {
        const { decision, posted } = backendWithAlert();
        const conversation = new AlexaConversation(locale);
        await conversation.launch();
        const turn = await conversation.sessionEnded('EXCEEDED_MAX_REPROMPTS');
        assert.equal(turn.ssml, '');
        assert.equal(turn.sessionEnds, true);
        assert.ok(decision.isDone());
        assert.equal(posted[0].decision, 'hold');
      });

      it('speaks other words to an angry user than to an anxious one', async () => {
        backendWithAlert();
        const angryConversation = new AlexaConversation(locale);
        await angryConversation.launch();
        const angry = await angryConversation.intent('AngryIntent');

        backendWithAlert();
        const anxiousConversation = new AlexaConversation(locale);
        await anxiousConversation.launch();
        const anxious = await anxiousConversation.intent('WorriedIntent');

        assert.ok(angry.speech.startsWith(variantText(locale, BEST.angry)), angry.speech);
        assert.ok(anxious.speech.startsWith(variantText(locale, BEST.anxious)), anxious.speech);
        assert.notEqual(variantText(locale, BEST.angry), variantText(locale, BEST.anxious));
        // The voice is part of the variant: the step-by-step script for the anxious is slower and softer.
        assert.ok(anxious.ssml.startsWith('<speak><prosody rate="90%" volume="soft">'), anxious.ssml);
        assert.doesNotMatch(angry.ssml, /<prosody|<emphasis/);
        // The angry user is offered a person before anything else moves towards a release.
        assert.ok(angry.speech.endsWith(expected(locale, 'securityAlert.offerHuman')), angry.speech);
      });
    });
  }

  it('security alert on the web: free text, its emotion read by the classifier', async () => {
    const alert = heldAlert();
    fakeBackend()
      .get('/v1/alerts')
      .reply(200, { alerts: [alert] })
      .get('/v1/profile')
      .reply(200, ALICE)
      .post(`/v1/alerts/${alert.id}/warning-heard`)
      .reply(200, alert)
      .get('/v1/persuasion/stats')
      .times(3)
      .reply(200, { stats: STATS });
    const { posted, decision } = backendWithAlertDecisionOnly(alert);
    const conversation = new WebConversation('en-US');
    const opening = await conversation.say('do I have any security alerts');
    assert.ok(
      opening.speech.startsWith(expected('en-US', 'securityAlert.opening', { amount: formatMoney(180_000, 'USD', 'en-US'), payee: PAYEE })),
      opening.speech,
    );
    const angry = await conversation.say('This is outrageous, how dare you block my money?!');
    assert.ok(angry.speech.startsWith(variantText('en-US', BEST.angry)), angry.speech);
    const cancelled = await conversation.say('ok, cancel the transfer');
    assert.ok(
      cancelled.speech.startsWith(expected('en-US', 'securityAlert.decided.cancel', { amount: formatMoney(180_000, 'USD', 'en-US') })),
      cancelled.speech,
    );
    assert.ok(decision.isDone());
    assert.equal(posted[0].decision, 'cancel');
    assert.deepEqual(posted[0].emotions, ['angry']);
  });

  it('security alert intent with no alert pending says so', async () => {
    const scope = fakeBackend().get('/v1/alerts').reply(200, { alerts: [] });
    const turn = await new AlexaConversation('en-US').intent('SecurityAlertIntent');
    assert.equal(toldBefore(turn, 'en-US'), expected('en-US', 'securityAlert.none'));
    assert.ok(scope.isDone());
  });

  it('security alert: launch without alerts, or with the backend down, welcomes as usual', async () => {
    const scope = fakeBackend().get('/v1/alerts').reply(200, { alerts: [] });
    const turn = await new AlexaConversation('en-US').launch();
    assert.equal(turn.speech, expected('en-US', 'welcome.message'));
    assert.ok(scope.isDone());

    const down = fakeBackend()
      .get('/v1/alerts')
      .times(2)
      .reply(503, { error: { code: 'unavailable', message: 'down' } });
    const fallback = await new AlexaConversation('en-US').launch();
    assert.equal(fallback.speech, expected('en-US', 'welcome.message'));
    assert.ok(down.isDone());
  });

  it('security alert: a failed decision leaves the money held and says so', async () => {
    const alert = heldAlert();
    fakeBackend()
      .get('/v1/alerts')
      .reply(200, { alerts: [alert] })
      .get('/v1/profile')
      .reply(200, ALICE)
      .post(`/v1/alerts/${alert.id}/warning-heard`)
      .reply(200, alert);
    const failing = fakeBackend()
      .post(`/v1/alerts/${alert.id}/decision`)
      .reply(503, { error: { code: 'unavailable', message: 'down' } });
    const conversation = new AlexaConversation('en-US');
    await conversation.launch();
    const turn = await conversation.intent('CancelTransferIntent');
    assert.equal(toldBefore(turn, 'en-US'), expected('en-US', 'securityAlert.decisionFailed'));
    assert.ok(failing.isDone());
  });
});
