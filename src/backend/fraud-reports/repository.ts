import type { FraudReportStatus, FraudScamType, RecoveryMethod, RecoveryStatus, TransferChannels } from '../../shared/contract/api';
import type { Db } from '../db/db';

/** What the wallet does to get the money back, with the amount it disputes. */
export interface StoredRecovery {
  method: RecoveryMethod;
  status: RecoveryStatus;
  /** The receiving account, when a transfer of ours paid it (see the payee registry). */
  payeeKey?: string;
  amountMinor: number;
  currency: string;
  requestedAt: string;
  updatedAt: string;
}

/** A fraud report as stored; the service turns it into the contract's `FraudReport`. */
export interface StoredFraudReport {
  reference: string;
  userId: string;
  transactionId?: string;
  scamType: FraudScamType;
  description?: string;
  channel: (typeof TransferChannels)[number];
  status: FraudReportStatus;
  createdAt: string;
  updatedAt: string;
  recovery?: StoredRecovery;
}

interface ReportRow {
  reference: string;
  request_hash: string;
  user_id: string;
  transaction_id: string | null;
  scam_type: FraudScamType;
  description: string | null;
  channel: StoredFraudReport['channel'];
  status: FraudReportStatus;
  created_at: string;
  updated_at: string;
  method: RecoveryMethod | null;
  recovery_status: RecoveryStatus;
  payee_key: string | null;
  amount_minor: number;
  currency: string;
  requested_at: string;
  recovery_updated_at: string;
}

const SELECT_REPORT = `
  SELECT r.reference, r.request_hash, r.user_id, r.transaction_id, r.scam_type, r.description, r.channel, r.status, r.created_at,
         r.updated_at, f.method, f.status AS recovery_status, f.payee_key, f.amount_minor, f.currency, f.requested_at,
         f.updated_at AS recovery_updated_at
  FROM fraud_reports r LEFT JOIN fund_recoveries f ON f.reference = r.reference`;

function toStored(row: ReportRow): StoredFraudReport {
  return {
    reference: row.reference,
    userId: row.user_id,
    ...(row.transaction_id === null ? {} : { transactionId: row.transaction_id }),
    scamType: row.scam_type,
    ...(row.description === null ? {} : { description: row.description }),
    channel: row.channel,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.method === null
      ? {}
      : {
          recovery: {
            method: row.method,
            status: row.recovery_status,
            ...(row.payee_key === null ? {} : { payeeKey: row.payee_key }),
            amountMinor: row.amount_minor,
            currency: row.currency,
            requestedAt: row.requested_at,
            updatedAt: row.recovery_updated_at,
          },
        }),
  };
}

export class FraudReportsRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      find: db.prepare<[string], ReportRow>(`${SELECT_REPORT} WHERE r.reference = ?`),
      findByKey: db.prepare<[string, string], ReportRow>(`${SELECT_REPORT} WHERE r.user_id = ? AND r.idempotency_key = ?`),
      listByUser: db.prepare<[string], ReportRow>(`${SELECT_REPORT} WHERE r.user_id = ? ORDER BY r.created_at DESC, r.reference DESC`),
      referenceOfTransaction: db.prepare<[string], { reference: string }>('SELECT reference FROM fraud_reports WHERE transaction_id = ?'),
      hasOpen: db.prepare<[string], { open: 1 }>(`SELECT 1 AS open FROM fraud_reports WHERE user_id = ? AND status NOT IN ('refunded', 'closed') LIMIT 1`),
      insert: db.prepare<Record<string, string | null>>(
        `INSERT INTO fraud_reports (reference, user_id, idempotency_key, request_hash, transaction_id, scam_type,
           description, channel, status, created_at, updated_at)
         VALUES (@reference, @userId, @idempotencyKey, @requestHash, @transactionId, @scamType,
           @description, @channel, @status, @createdAt, @updatedAt)`,
      ),
      insertRecovery: db.prepare<Record<string, string | number | null>>(
        `INSERT INTO fund_recoveries (reference, method, status, payee_key, amount_minor, currency, requested_at, updated_at)
         VALUES (@reference, @method, @status, @payeeKey, @amountMinor, @currency, @requestedAt, @updatedAt)`,
      ),
      setStatus: db.prepare<[FraudReportStatus, string, string]>('UPDATE fraud_reports SET status = ?, updated_at = ? WHERE reference = ?'),
      setRecoveryStatus: db.prepare<[RecoveryStatus, string, string]>('UPDATE fund_recoveries SET status = ?, updated_at = ? WHERE reference = ?'),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (a savepoint when already in one). */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Any user's report: the service checks whose it is. */
  find(reference: string): StoredFraudReport | undefined {
    const row = this.statements.find.get(reference);
    return row && toStored(row);
  }

  findByIdempotencyKey(userId: string, key: string): { report: StoredFraudReport; requestHash: string } | undefined {
    const row = this.statements.findByKey.get(userId, key);
    return row && { report: toStored(row), requestHash: row.request_hash };
  }

  /** Newest first. */
  listByUser(userId: string): StoredFraudReport[] {
    return this.statements.listByUser.all(userId).map(toStored);
  }

  /** The report that already names this transaction, if any. */
  referenceOfTransaction(transactionId: string): string | undefined {
    return this.statements.referenceOfTransaction.get(transactionId)?.reference;
  }

  referenceTaken(reference: string): boolean {
    return this.statements.find.get(reference) !== undefined;
  }

  /** Whether a report of the user is neither refunded nor closed. */
  hasOpenReport(userId: string): boolean {
    return this.statements.hasOpen.get(userId) !== undefined;
  }

  insert(report: StoredFraudReport, idempotencyKey: string, requestHash: string): void {
    this.statements.insert.run({
      reference: report.reference,
      userId: report.userId,
      idempotencyKey,
      requestHash,
      transactionId: report.transactionId ?? null,
      scamType: report.scamType,
      description: report.description ?? null,
      channel: report.channel,
      status: report.status,
      createdAt: report.createdAt,
      updatedAt: report.updatedAt,
    });
    const { recovery } = report;
    if (recovery !== undefined) {
      this.statements.insertRecovery.run({
        reference: report.reference,
        method: recovery.method,
        status: recovery.status,
        payeeKey: recovery.payeeKey ?? null,
        amountMinor: recovery.amountMinor,
        currency: recovery.currency,
        requestedAt: recovery.requestedAt,
        updatedAt: recovery.updatedAt,
      });
    }
  }

  setStatus(reference: string, status: FraudReportStatus, at: string): void {
    this.statements.setStatus.run(status, at, reference);
  }

  setRecoveryStatus(reference: string, status: RecoveryStatus, at: string): void {
    this.statements.setRecoveryStatus.run(status, at, reference);
  }
}
