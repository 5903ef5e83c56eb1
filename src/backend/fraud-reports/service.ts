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
  create(userId: string, idempotencyKey: string, request: CreateFraudReportRequest): CreatedFraudReport {
    const { repository, transfers, audit } = this.deps;
    const requestHash = requestFingerprint([request.transactionId ?? null, request.scamType, request.description ?? null, request.channel]);
    return repository.atomically((): CreatedFraudReport => {
      const earlier = repository.findByIdempotencyKey(userId, idempotencyKey);
      if (earlier !== undefined) {
        if (earlier.requestHash !== requestHash) {
          throw new HttpError('conflict', `${IDEMPOTENCY_KEY_HEADER}: was already used for a different report; use a new key for a new report`);
        }
        return { report: this.view(earlier.report), replayed: true };
      }
      const now = this.deps.now();
      const createdAt = now.toISOString();
      const transaction = request.transactionId === undefined ? undefined : this.reportable(userId, request.transactionId);
      const payeeKey = transaction?.kind === 'transfer' ? transfers.payeeKeyOf(userId, transaction.id) : undefined;
      const report: StoredFraudReport = {
        reference: this.freshReference(),
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
      repository.insert(report, idempotencyKey, requestHash);
      if (payeeKey !== undefined) {
        // The risk engine warns the payee's next payers ("payee_reported").
        transfers.addReport(payeeKey, userId, RISK_SCAM_TYPE[request.scamType], createdAt);
      }
      audit.record(
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
      return { report: this.view(this.mustFind(report.reference)), replayed: false };
    });
  }

  list(userId: string): FraudReportsResponse {
    const timeZone = this.timeZoneOf(userId);
    return { reports: this.deps.repository.listByUser(userId).map((report) => this.view(report, timeZone)) };
  }

  latest(userId: string): FraudReport {
    const [newest] = this.deps.repository.listByUser(userId);
    if (newest === undefined) {
      throw new HttpError('not_found', 'This user has no fraud reports');
    }
    return this.view(newest);
  }

  /** Another user's reference is as unknown as a made-up one. */
  get(userId: string, reference: string): FraudReport {
    const report = this.deps.repository.find(reference);
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
  changeStatus(reference: string, to: FraudReportStatus): FraudReport {
    const { repository, audit } = this.deps;
    return repository.atomically(() => {
      const report = this.mustFind(reference);
      if (!NEXT_STATUSES[report.status].includes(to)) {
        throw new Error(`Fraud report ${reference} cannot go from ${report.status} to ${to}`);
      }
      const now = this.deps.now();
      const recoveryStatus = this.moveMoney(report, to, now);
      repository.setStatus(reference, to, now.toISOString());
      if (recoveryStatus !== undefined) {
        repository.setRecoveryStatus(reference, recoveryStatus, now.toISOString());
      }
      const changed = this.mustFind(reference);
      audit.record(
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
  private moveMoney(report: StoredFraudReport, to: FraudReportStatus, now: Date): RecoveryStatus | undefined {
    const { recovery } = report;
    switch (to) {
      case 'funds_frozen':
        if (recovery === undefined) {
          throw new Error(`Fraud report ${report.reference} asked nobody to freeze money`);
        }
        return 'frozen';
      case 'refunded':
        this.refund(report, now);
        return recovery && 'returned';
      case 'closed':
        return recovery && 'released';
      default:
        return undefined;
    }
  }

  /** Books the reported payment back: a refund credit, the wallet credited, the payment marked refunded. */
  private refund(report: StoredFraudReport, now: Date): void {
    const { ledger, transfers, newId } = this.deps;
    const payment = report.transactionId === undefined ? undefined : ledger.find(report.userId, report.transactionId);
    if (payment === undefined || payment.direction !== 'debit') {
      throw new Error(`Fraud report ${report.reference} names no payment to refund`);
    }
    ledger.insert(report.userId, {
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
    transfers.creditWallet(report.userId, payment.currency, payment.amountMinor);
    transfers.setLedgerStatus(payment.id, 'refunded');
  }

  /** The user's own transaction, not yet named by another report. */
  private reportable(userId: string, transactionId: string): Transaction {
    const transaction = this.deps.ledger.find(userId, transactionId);
    if (transaction === undefined) {
      throw HttpError.invalidFields([{ field: 'transactionId', message: 'is not a transaction of this user' }]);
    }
    const reported = this.deps.repository.referenceOfTransaction(transactionId);
    if (reported !== undefined) {
      throw new HttpError('conflict', `transactionId: is already reported in fraud report ${reported}`, {
        field: 'transactionId',
        reference: reported,
      });
    }
    return transaction;
  }

  /** A reference no report has yet: with 9 million of them a clash is rare, two in a row rarer still. */
  private freshReference(): string {
    const { repository, newReference = randomFraudReference } = this.deps;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reference = newReference();
      if (!repository.referenceTaken(reference)) {
        return reference;
      }
    }
    throw new Error('No free fraud report reference after 5 attempts');
  }

  private mustFind(reference: string): StoredFraudReport {
    const report = this.deps.repository.find(reference);
    if (report === undefined) {
      throw new Error(`Fraud report ${reference} not found`);
    }
    return report;
  }

  private timeZoneOf(userId: string): string {
    return this.deps.accounts.profile(userId).timeZone;
  }

  private view(report: StoredFraudReport, timeZone = this.timeZoneOf(report.userId)): FraudReport {
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
      ...(nextStep === 'none' ? {} : { expectedBy: addDays(localDateOf(new Date(report.updatedAt), timeZone), DAYS_UNTIL[nextStep]) }),
    };
  }
}
