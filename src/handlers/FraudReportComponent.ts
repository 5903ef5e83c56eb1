import { randomUUID } from 'node:crypto';
import { Component, Intents } from '@jovotech/framework';
import { BackendError, Credentials } from '../skill/services/backend-client';
import type { FraudReport, FraudScamType, Transaction } from '../shared/contract/api';
import { FraudScamTypes } from '../shared/contract/api';
import { hasHints, MAX_SPOKEN_CANDIDATES, reportableMatches, TransactionHints } from '../skill/dialog/fraud-report';
import { spokenWhen } from '../skill/speech/account-speech';
import { formatDay, formatMoney, SpeechContext } from '../skill/speech/format';
import { digitByDigit } from '../skill/speech/ssml';
import type { ElicitedIntent } from '../skill/alexa/elicitation';
import { AccountComponent } from './AccountComponent';
import { ProtectionComponent } from './ProtectionComponent';
import { TransactionsComponent } from './TransactionsComponent';

/** What the report dialogue has gathered so far; kept in the component's data between turns. */
export interface ReportDraft {
  /** The user asked to report: the dialogue's own answers (which payment, what happened) apply. */
  started?: boolean;
  transactionId?: string;
  transactionSpeech?: string;
  withoutTransaction?: boolean;
  candidateIds?: string[];
  scamType?: FraudScamType;
  /** Made once, when the user is first asked to confirm, and sent on every retry: never two reports. */
  idempotencyKey?: string;
  /** The report is filed; only the offer to freeze the wallet may still be answered. */
  filed?: boolean;
  offeredFreeze?: boolean;
}

type ReportStep =
  | { kind: 'start'; hints: TransactionHints; scamType?: FraudScamType }
  | { kind: 'choose'; hints: TransactionHints }
  | { kind: 'withoutTransaction' }
  | { kind: 'describe'; scamType?: FraudScamType }
  | { kind: 'confirm' };

/** A report whose filing failed, kept in the session (with its key) in case the user leaves the dialogue. */
const PENDING_REPORT = 'pendingFraudReport';
/** Set by another dialogue (e.g. a scam check) that hands over to a report: what it was about. */
export const FRAUD_REPORT_HINT = 'fraudReportHint';
const RECENT_TRANSACTIONS_TO_SEARCH = 30;

function isScamType(value: unknown): value is FraudScamType {
  return (FraudScamTypes as readonly unknown[]).includes(value);
}

/**
 * "I've been scammed": which payment, what happened, confirm, file, and the reference number
 * read digit by digit with what happens next. A filing that timed out is offered again with
 * the same idempotency key, so whatever reached the backend is filed once.
 */
@Component()
export class FraudReportComponent extends AccountComponent<ReportStep> {
  START() {
    return this.readAccount({ kind: 'start', hints: {} });
  }

  @Intents({ name: 'ReportFraudIntent', global: true })
  reportFraud() {
    const hints = this.transactionHints();
    const scamType = this.scamTypeSlot();
    // "It was someone pretending to be the bank" in the middle of the dialogue: an answer, not a new report.
    if (this.inProgress() && !hasHints(hints)) return this.readAccount({ kind: 'describe', scamType });
    return this.readAccount({ kind: 'start', hints, scamType });
  }

  /** Entered from another dialogue that found a scam (e.g. a fake caller): the report starts with what it was. */
  reportFromHint() {
    const hint = this.$session.data[FRAUD_REPORT_HINT] as { scamType?: unknown } | undefined;
    delete this.$session.data[FRAUD_REPORT_HINT];
    return this.readAccount({ kind: 'start', hints: {}, scamType: isScamType(hint?.scamType) ? hint?.scamType : undefined });
  }

  /** "The second one", "the one at Starbucks": which payment, while the dialogue asks. */
  @Intents(['TransactionDetailIntent'])
  chooseTransaction() {
    // Outside a report, it is the question it always is.
    if (!this.inProgress()) return this.$redirect(TransactionsComponent, 'tellTransactionDetail');
    return this.readAccount({ kind: 'choose', hints: this.transactionHints() });
  }

  @Intents(['NoTransactionIntent'])
  reportWithoutTransaction() {
    if (!this.inProgress()) return this.notForMe();
    return this.readAccount({ kind: 'withoutTransaction' });
  }

  @Intents(['DescribeScamIntent'])
  describeScam() {
    if (!this.inProgress()) return this.notForMe();
    return this.readAccount({ kind: 'describe', scamType: this.scamTypeSlot() });
  }

  @Intents(['AMAZON.YesIntent'])
  confirmReport() {
    if (this.draft().offeredFreeze) {
      this.setDraft({});
      return this.$redirect(ProtectionComponent, 'freezeAccount');
    }
    if (!this.inProgress()) return this.misunderstood();
    if (!this.draft().idempotencyKey) return this.askNextQuestion();
    return this.readAccount({ kind: 'confirm' });
  }

  @Intents(['AMAZON.NoIntent'])
  dropReport() {
    if (this.draft().offeredFreeze) {
      this.setDraft({});
      return this.tell(this.text('fraudReport.freezeDeclined'));
    }
    if (!this.inProgress()) return this.misunderstood();
    if (!this.draft().idempotencyKey) return this.askNextQuestion();
    this.setDraft({});
    delete this.$session.data[PENDING_REPORT];
    return this.tell(this.text('fraudReport.notFiled'));
  }

  UNHANDLED() {
    if (!this.inProgress()) return this.notForMe();
    return this.askNextQuestion();
  }

  /** A victim whose voice code is locked can still report: just not name a payment from the account. */
  async endAfterVoiceCode(): Promise<void> {
    if (!this.inProgress()) return super.endAfterVoiceCode();
    this.forgetQuestion();
    this.setDraft({ ...this.draft(), withoutTransaction: true, transactionId: undefined, candidateIds: undefined });
    return this.askNextQuestion(this.text('fraudReport.withoutVoiceCode'));
  }

  protected async answer(step: ReportStep, credentials: Credentials): Promise<void> {
    switch (step.kind) {
      case 'start':
        return this.start(step, credentials);
      case 'choose':
        return this.choose(step.hints, credentials);
      case 'withoutTransaction':
        this.setDraft({ ...this.draft(), withoutTransaction: true, transactionId: undefined, candidateIds: undefined });
        return this.askNextQuestion();
      case 'describe':
        if (step.scamType) this.setDraft({ ...this.draft(), scamType: step.scamType });
        return this.askNextQuestion();
      case 'confirm':
        return this.file(credentials);
    }
  }

  private async start(step: Extract<ReportStep, { kind: 'start' }>, credentials: Credentials) {
    const pending = this.$session.data[PENDING_REPORT] as ReportDraft | undefined;
    if (pending?.idempotencyKey && pending.scamType && !hasHints(step.hints)) {
      this.setDraft(pending);
      const retry = this.text('fraudReport.retryPending', { scamType: this.text(`scamTypes.${pending.scamType}`) });
      return this.ask(retry, retry);
    }
    this.setDraft({ started: true, scamType: step.scamType });
    const intro = this.text('fraudReport.start');
    if (!hasHints(step.hints)) return this.askNextQuestion(intro);
    return this.findPayment(step.hints, credentials, intro);
  }

  private async choose(hints: TransactionHints, credentials: Credentials) {
    const candidateIds = this.draft().candidateIds;
    if (candidateIds?.length && hints.position && !hints.payee) {
      const id = candidateIds[hints.position - 1];
      if (!id) return this.askNextQuestion();
      const context = await this.speechContext(credentials);
      this.choosePayment(await this.backend.transaction(credentials, id), context);
      return this.askNextQuestion();
    }
    // "The last one" with no list offered: the latest payment that left the wallet.
    return this.findPayment(hasHints(hints) ? hints : { position: 1 }, credentials);
  }

  /** One match is chosen; several are offered to choose from; none is said so. */
  private async findPayment(hints: TransactionHints, credentials: Credentials, intro?: string) {
    const context = await this.speechContext(credentials);
    const recent = await this.backend.transactions(credentials, { limit: RECENT_TRANSACTIONS_TO_SEARCH });
    const matches = reportableMatches(recent, hints, context.timeZone);
    if (matches.length === 1) {
      this.choosePayment(matches[0], context);
      return this.askNextQuestion(intro);
    }
    const lead = intro ? [intro] : [];
    if (matches.length === 0) {
      return this.ask([...lead, this.text('fraudReport.noMatch')].join(' '), this.text('fraudReport.whichTransactionReprompt'));
    }
    const candidates = matches.slice(0, MAX_SPOKEN_CANDIDATES);
    this.setDraft({ ...this.draft(), transactionId: undefined, candidateIds: candidates.map((candidate) => candidate.id) });
    const options = candidates.map((candidate, index) =>
      this.text('fraudReport.option', {
        ordinal: this.text(`ordinals.${index + 1}`),
        transaction: this.describePayment(candidate, context),
      }),
    );
    const question = this.text(matches.length > MAX_SPOKEN_CANDIDATES ? 'fraudReport.ambiguousMore' : 'fraudReport.ambiguous', {
      count: candidates.length,
    });
    return this.ask([...lead, question, ...options, this.text('fraudReport.whichOne')].join(' '), this.text('fraudReport.whichOne'));
  }

  private async file(credentials: Credentials) {
    const draft = this.draft();
    if (!draft.idempotencyKey || !draft.scamType) return this.askNextQuestion();
    let report: FraudReport;
    try {
      report = await this.backend.createFraudReport(credentials, draft.idempotencyKey, {
        ...(draft.transactionId ? { transactionId: draft.transactionId } : {}),
        scamType: draft.scamType,
        channel: this.surface === 'alexa' ? 'voice_assistant' : 'web',
      });
    } catch (error) {
      if (error instanceof BackendError && error.code === 'conflict' && typeof referenceIn(error.details) === 'string') {
        this.setDraft({});
        delete this.$session.data[PENDING_REPORT];
        return this.tell(this.text('fraudReport.alreadyReported', { reference: digitByDigit(referenceIn(error.details) ?? '') }));
      }
      if (!(error instanceof BackendError) || error.failure !== 'unavailable') throw error;
      // The request may have reached the backend: the retry sends the same key, so it counts once.
      this.$session.data[PENDING_REPORT] = draft;
      return this.apologiseForBackend(error, this.text('fraudReport.failed'), this.text('fraudReport.failedReprompt'));
    }
    delete this.$session.data[PENDING_REPORT];
    // The report is on file: its reference must be heard even if the profile cannot be read now.
    const context = await this.speechContext(credentials).catch(() => ({ locale: this.locale, timeZone: 'UTC', now: new Date() }));
    const sentences = [this.text('fraudReport.filed', { reference: digitByDigit(report.reference) })];
    if (report.recovery?.method === 'payee_freeze') sentences.push(this.text('fraudReport.frozenAtPayee'));
    sentences.push(this.text(`nextSteps.${report.nextStep}`));
    if (report.nextStep !== 'none' && report.expectedBy) {
      sentences.push(this.text('fraudReport.expectedBy', { expectedBy: formatDay(report.expectedBy, context) }));
    }
    const offerFreeze = draft.scamType === 'account_takeover';
    this.setDraft({ filed: true, offeredFreeze: offerFreeze });
    if (offerFreeze) {
      sentences.push(this.text('fraudReport.freezeOffer'));
      return this.ask(sentences.join(' '), this.text('fraudReport.freezeOffer'));
    }
    return this.tell(sentences.join(' '));
  }

  /** The question the draft still needs answered, or the confirmation when it is complete. */
  private askNextQuestion(intro?: string): Promise<void> {
    const draft = this.draft();
    const say = (key: string, reprompt: string, params: Record<string, unknown> = {}, expecting?: ElicitedIntent) =>
      this.ask([intro, this.text(key, params)].filter(Boolean).join(' '), this.text(reprompt, params), expecting);
    if (!draft.transactionId && !draft.withoutTransaction) return say('fraudReport.whichTransaction', 'fraudReport.whichTransactionReprompt');
    if (!draft.scamType) return say('fraudReport.whatHappened', 'fraudReport.whatHappenedReprompt', {}, 'DescribeScamIntent');
    this.setDraft({ ...draft, idempotencyKey: draft.idempotencyKey ?? randomUUID() });
    const scamType = this.text(`scamTypes.${draft.scamType}`);
    return draft.transactionId
      ? say('fraudReport.confirmWithTransaction', 'fraudReport.confirmReprompt', { transaction: draft.transactionSpeech, scamType })
      : say('fraudReport.confirmWithoutTransaction', 'fraudReport.confirmReprompt', { scamType });
  }

  private choosePayment(transaction: Transaction, context: SpeechContext) {
    this.setDraft({
      ...this.draft(),
      transactionId: transaction.id,
      transactionSpeech: this.describePayment(transaction, context),
      candidateIds: undefined,
    });
  }

  /** Already escaped (the payee is interpolated here): the sentences around it take it as `{{- transaction}}`. */
  private describePayment(transaction: Transaction, context: SpeechContext): string {
    return this.text('fraudReport.transaction', {
      amount: formatMoney(transaction.amountMinor, transaction.currency, context.locale),
      counterparty: transaction.counterparty,
      when: spokenWhen(transaction.bookedAt, context, this.translate),
    });
  }

  private transactionHints(): TransactionHints {
    const position = Number.parseInt(String(this.$entities.ordinal?.id ?? this.$entities.ordinal?.resolved ?? ''), 10);
    return {
      payee: this.$entities.merchant?.resolved ?? this.$entities.merchant?.value,
      amount: this.$entities.amount?.value,
      date: this.$entities.period?.value,
      position: Number.isNaN(position) ? undefined : position,
    };
  }

  private scamTypeSlot(): FraudScamType | undefined {
    const id = this.$entities.scamType?.id ?? this.$entities.scamType?.resolved;
    return isScamType(id) ? id : undefined;
  }

  /** A report is being put together (not yet filed, not dropped). */
  private inProgress(): boolean {
    const draft = this.draft();
    return Boolean(draft.started && !draft.filed);
  }

  // Methods, not accessors: Jovo's @Component reads every prototype property, getters included.
  private draft(): ReportDraft {
    return (this.$component.data.draft as ReportDraft | undefined) ?? {};
  }

  private setDraft(draft: ReportDraft): void {
    this.$component.data.draft = draft;
  }
}

/** The reference a 409 conflict names: the report that already covers the payment. */
function referenceIn(details: unknown): string | undefined {
  const reference = (details as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}
