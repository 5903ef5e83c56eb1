import { randomInt } from 'node:crypto';
import {
  IDEMPOTENCY_KEY_HEADER,
  luhnCheckDigit,
  type CreateFraudReportRequest,
  type FraudNextStep,
  type FraudReport,
  type FraudReportsResponse,
  type FraudReportStatus,
  type FraudScamType,
  type RecoveryMethod,
  type RecoveryStatus,
  type ScamType,
  type Transaction,
} from '../../shared/contract/api';
import { addDays, localDateOf } from '../../shared/time/local-time';
import type { AccountsService } from '../accounts/service';
import type { AuditLog } from '../audit';
import { HttpError } from '../http/errors';
import { requestFingerprint } from '../http/idempotency';
import type { TransactionsRepository } from '../transactions/repository';
import type { TransfersRepository } from '../transfers/repository';
import type { FraudReportsRepository, StoredFraudReport } from './repository';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Until then, money sent to a person may still sit in the receiving account, to be frozen there. */
const PAYEE_FREEZE_WINDOW_MS = 72 * HOUR_MS;
/** Card schemes take disputes for about this long after the payment. */
const CHARGEBACK_WINDOW_MS = 120 * DAY_MS;

/** Days from the last change of a report to the day the user is promised the next step by. */
const DAYS_UNTIL: Record<Exclude<FraudNextStep, 'none'>, number> = {
  review: 5,
  await_payee_bank: 2,
  await_chargeback: 30,
  refund_pending: 3,
};

/** The statuses a report may move on to; refunded and closed are final. */
const NEXT_STATUSES: Record<FraudReportStatus, readonly FraudReportStatus[]> = {
  received: ['under_review', 'funds_frozen', 'closed'],
  under_review: ['funds_frozen', 'refunded', 'closed'],
  funds_frozen: ['refunded', 'closed'],
  refunded: [],
  closed: [],
};

/** How the risk engine files a reported payee (see `payee_reports`). */
const RISK_SCAM_TYPE: Record<FraudScamType, ScamType> = {
  task_scam: 'task_scam',
  impersonation: 'impersonation',
  investment: 'investment',
  romance: 'romance',
  refund_scam: 'refund_scam',
  fake_app: 'fake_app',
  account_takeover: 'unknown',
  other: 'unknown',
};

/** Seven random digits (the first never 0) and their Luhn check digit. */
export function randomFraudReference(): string {
  const payload = String(randomInt(1_000_000, 10_000_000));
  return `${payload}${luhnCheckDigit(payload)}`;
}

/** What the wallet can do about the money of a completed payment, if anything. */
function recoveryMethodFor(transaction: Transaction, now: Date): RecoveryMethod | undefined {
  if (transaction.direction !== 'debit' || transaction.status !== 'completed') {
    return undefined;
  }
  const age = now.getTime() - Date.parse(transaction.bookedAt);
  if (transaction.kind === 'transfer' && age <= PAYEE_FREEZE_WINDOW_MS) {
    return 'payee_freeze';
  }
  if (transaction.kind === 'card_payment' && age <= CHARGEBACK_WINDOW_MS) {
    return 'chargeback';
  }
  return undefined;
}

function nextStepOf({ status, recovery }: StoredFraudReport): FraudNextStep {
  switch (status) {
    case 'received':
    case 'under_review':
      if (recovery?.status === 'requested') {
        return recovery.method === 'payee_freeze' ? 'await_payee_bank' : 'await_chargeback';
      }
      return 'review';
    case 'funds_frozen':
      return 'refund_pending';
    case 'refunded':
    case 'closed':
      return 'none';
  }
}

/** The audit's view: the facts of the case, not the user's own words. */
function auditView(report: StoredFraudReport): Record<string, unknown> {
  return {
    status: report.status,
    scamType: report.scamType,
    transactionId: report.transactionId,
    recovery: report.recovery && { method: report.recovery.method, status: report.recovery.status },
  };
}

export interface FraudReportDependencies {
  repository: FraudReportsRepository;
  /** The user's own transactions: what a report may name, and where a refund is booked. */
  ledger: Pick<TransactionsRepository, 'find' | 'insert'>;
  /** The payee registry and the wallet moves of a refund. */
  transfers: Pick<TransfersRepository, 'payeeKeyOf' | 'addReport' | 'creditWallet' | 'setLedgerStatus'>;
  /** Promised dates are days in the user's time zone. */
  accounts: Pick<AccountsService, 'profile'>;
  audit: AuditLog;
  now: () => Date;
  newId: (prefix: string) => string;
  /** Default: random; the demo seed passes a fixed one. */
  newReference?: () => string;
}

export interface CreatedFraudReport {
  report: FraudReport;
  /** True when the idempotency key had been seen: nothing was filed this time. */
  replayed: boolean;
}

export class FraudReportsService {
  constructor(private readonly deps: FraudReportDependencies) {}

  /**
   * Files the report, and where the money can still be reached asks for it: a freeze at the payee
   * for a recent transfer, a chargeback for a card payment. One transaction, committed before the
   * caller hears of it; a retry with the same key returns the first report.
   */
  create(userId: string, idempotencyKey: string, request: CreateFraudReportRequest): Promise<CreatedFraudReport> {
    const { repository, transfers, audit } = this.deps;
    const requestHash = requestFingerprint([request.transactionId ?? null, request.scamType, request.description ?? null, request.channel]);
    return repository.atomically(async (): Promise<CreatedFraudReport> => {
      const earlier = await this.replay(userId, idempotencyKey, requestHash);
      if (earlier !== undefined) {
        return earlier;
      }
      const now = this.deps.now();
      const createdAt = now.toISOString();
      let transaction: Transaction | undefined;
      if (request.transactionId !== undefined) {
        const reportable = await this.reportable(userId, request.transactionId);
        if ('reportedIn' in reportable) {
          // On PostgreSQL, a concurrent retry with this key may have committed the report of this
          // transaction since the check above: that is a replay, not a second report.
          const raced = await this.replay(userId, idempotencyKey, requestHash);
          if (raced !== undefined) {
            return raced;
          }
          throw new HttpError('conflict', `transactionId: is already reported in fraud report ${reportable.reportedIn}`, {
            field: 'transactionId',
            reference: reportable.reportedIn,
          });
        }
        transaction = reportable;
      }
      const payeeKey = transaction?.kind === 'transfer' ? await transfers.payeeKeyOf(userId, transaction.id) : undefined;
      const report: StoredFraudReport = {
        reference: await this.freshReference(),
        userId,
        ...(transaction === undefined ? {} : { transactionId: transaction.id }),
        scamType: request.scamType,
        ...(request.description ? { description: request.description } : {}),
        channel: request.channel,
        status: 'received',
        createdAt,
        updatedAt: createdAt,
      };
      const method = transaction && recoveryMethodFor(transaction, now);
      if (transaction !== undefined && method !== undefined) {
        report.recovery = {
          method,
          status: 'requested',
          ...(method === 'payee_freeze' && payeeKey !== undefined ? { payeeKey } : {}),
          amountMinor: transaction.amountMinor,
          currency: transaction.currency,
          requestedAt: createdAt,
          updatedAt: createdAt,
        };
      }
      await repository.insert(report, idempotencyKey, requestHash);
      if (payeeKey !== undefined) {
        // The risk engine warns the payee's next payers ("payee_reported").
        await transfers.addReport(payeeKey, userId, RISK_SCAM_TYPE[request.scamType], createdAt);
      }
      await audit.record(
        {
          userId,
          actor: 'user',
          action: 'fraud_report.created',
          entityType: 'fraud_report',
          entityId: report.reference,
          details: { before: null, after: auditView(report), channel: report.channel },
        },
        now,
      );
      return { report: await this.view(await this.mustFind(report.reference)), replayed: false };
    });
  }

  async list(userId: string): Promise<FraudReportsResponse> {
    const timeZone = await this.timeZoneOf(userId);
    const reports = await this.deps.repository.listByUser(userId);
    const views: FraudReport[] = [];
    for (const report of reports) {
      views.push(await this.view(report, timeZone));
    }
    return { reports: views };
  }

  async latest(userId: string): Promise<FraudReport> {
    const [newest] = await this.deps.repository.listByUser(userId);
    if (newest === undefined) {
      throw new HttpError('not_found', 'This user has no fraud reports');
    }
    return this.view(newest);
  }

  /** Another user's reference is as unknown as a made-up one. */
  async get(userId: string, reference: string): Promise<FraudReport> {
    const report = await this.deps.repository.find(reference);
    if (report === undefined || report.userId !== userId) {
      throw new HttpError('not_found', 'No fraud report with this reference');
    }
    return this.view(report);
  }

  /**
   * The fraud team's side (no public endpoint): moves a report on, with what that means for the
   * money. "funds_frozen" needs a recovery; "refunded" books the money back into the wallet;
   * "closed" releases a freeze or dispute still standing.
   */
  changeStatus(reference: string, to: FraudReportStatus): Promise<FraudReport> {
    const { repository, audit } = this.deps;
    return repository.atomically(async () => {
      const report = await this.mustFind(reference);
      if (!NEXT_STATUSES[report.status].includes(to)) {
        throw new Error(`Fraud report ${reference} cannot go from ${report.status} to ${to}`);
      }
      const now = this.deps.now();
      // Only from the status checked above, before any money moves: of two changes at once (on
      // PostgreSQL), the later one finds the status changed and refunds nothing twice.
      if (!(await repository.setStatus(reference, to, now.toISOString(), report.status))) {
        throw new Error(`Fraud report ${reference} changed from ${report.status} in the meantime`);
      }
      const recoveryStatus = await this.moveMoney(report, to, now);
      if (recoveryStatus !== undefined) {
        await repository.setRecoveryStatus(reference, recoveryStatus, now.toISOString());
      }
      const changed = await this.mustFind(reference);
      await audit.record(
        {
          userId: report.userId,
          actor: 'system',
          action: 'fraud_report.status_changed',
          entityType: 'fraud_report',
          entityId: reference,
          details: { before: auditView(report), after: auditView(changed) },
        },
        now,
      );
      return this.view(changed);
    });
  }

  /** The recovery's status after the report moves to `to`, if it changes; refunds the money. */
  private async moveMoney(report: StoredFraudReport, to: FraudReportStatus, now: Date): Promise<RecoveryStatus | undefined> {
    const { recovery } = report;
    switch (to) {
      case 'funds_frozen':
        if (recovery === undefined) {
          throw new Error(`Fraud report ${report.reference} asked nobody to freeze money`);
        }
        return 'frozen';
      case 'refunded':
        await this.refund(report, now);
        return recovery && 'returned';
      case 'closed':
        return recovery && 'released';
      default:
        return undefined;
    }
  }

  /** Books the reported payment back: a refund credit, the wallet credited, the payment marked refunded. */
  private async refund(report: StoredFraudReport, now: Date): Promise<void> {
    const { ledger, transfers, newId } = this.deps;
    const payment = report.transactionId === undefined ? undefined : await ledger.find(report.userId, report.transactionId);
    if (payment === undefined || payment.direction !== 'debit') {
      throw new Error(`Fraud report ${report.reference} names no payment to refund`);
    }
    await ledger.insert(report.userId, {
      id: newId('tx'),
      bookedAt: now.toISOString(),
      direction: 'credit',
      status: 'completed',
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      kind: 'refund',
      counterparty: payment.counterparty,
      memo: `Fraud report ${report.reference}`,
    });
    await transfers.creditWallet(report.userId, payment.currency, payment.amountMinor);
    await transfers.setLedgerStatus(payment.id, 'refunded');
  }

  /** The first report filed with this idempotency key, if any (a different request under it is refused). */
  private async replay(userId: string, idempotencyKey: string, requestHash: string): Promise<CreatedFraudReport | undefined> {
    const earlier = await this.deps.repository.findByIdempotencyKey(userId, idempotencyKey);
    if (earlier === undefined) {
      return undefined;
    }
    if (earlier.requestHash !== requestHash) {
      throw new HttpError('conflict', `${IDEMPOTENCY_KEY_HEADER}: was already used for a different report; use a new key for a new report`);
    }
    return { report: await this.view(earlier.report), replayed: true };
  }

  /** The user's own transaction, unless another report already names it (then that report's reference). */
  private async reportable(userId: string, transactionId: string): Promise<Transaction | { reportedIn: string }> {
    const transaction = await this.deps.ledger.find(userId, transactionId);
    if (transaction === undefined) {
      throw HttpError.invalidFields([{ field: 'transactionId', message: 'is not a transaction of this user' }]);
    }
    const reported = await this.deps.repository.referenceOfTransaction(transactionId);
    return reported === undefined ? transaction : { reportedIn: reported };
  }

  /** A reference no report has yet: with 9 million of them a clash is rare, two in a row rarer still. */
  private async freshReference(): Promise<string> {
    const { repository, newReference = randomFraudReference } = this.deps;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reference = newReference();
      if (!(await repository.referenceTaken(reference))) {
        return reference;
      }
    }
    throw new Error('No free fraud report reference after 5 attempts');
  }

  private async mustFind(reference: string): Promise<StoredFraudReport> {
    const report = await this.deps.repository.find(reference);
    if (report === undefined) {
      throw new Error(`Fraud report ${reference} not found`);
    }
    return report;
  }

  private async timeZoneOf(userId: string): Promise<string> {
    return (await this.deps.accounts.profile(userId)).timeZone;
  }

  private async view(report: StoredFraudReport, timeZone?: string): Promise<FraudReport> {
    const zone = timeZone ?? (await this.timeZoneOf(report.userId));
    const nextStep = nextStepOf(report);
    return {
      reference: report.reference,
      status: report.status,
      scamType: report.scamType,
      ...(report.transactionId === undefined ? {} : { transactionId: report.transactionId }),
      ...(report.description === undefined ? {} : { description: report.description }),
      channel: report.channel,
      createdAt: report.createdAt,
      updatedAt: report.updatedAt,
      ...(report.recovery === undefined ? {} : { recovery: { method: report.recovery.method, status: report.recovery.status } }),
      nextStep,
      ...(nextStep === 'none' ? {} : { expectedBy: addDays(localDateOf(new Date(report.updatedAt), zone), DAYS_UNTIL[nextStep]) }),
    };
  }
}
