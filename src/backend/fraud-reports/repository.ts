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
  recovery_status: RecoveryStatus | null;
  payee_key: string | null;
  amount_minor: number | null;
  currency: string | null;
  requested_at: string | null;
  recovery_updated_at: string | null;
}

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
          // A fund_recoveries row was joined: its NOT NULL columns are all there.
          recovery: {
            method: row.method,
            status: row.recovery_status as RecoveryStatus,
            ...(row.payee_key === null ? {} : { payeeKey: row.payee_key }),
            amountMinor: row.amount_minor as number,
            currency: row.currency as string,
            requestedAt: row.requested_at as string,
            updatedAt: row.recovery_updated_at as string,
          },
        }),
  };
}

export class FraudReportsRepository {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction (see `Db.atomically`). */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.db.atomically(work);
  }

  private selectReports() {
    return this.db.executor
      .selectFrom('fraud_reports as r')
      .leftJoin('fund_recoveries as f', 'f.reference', 'r.reference')
      .select([
        'r.reference',
        'r.request_hash',
        'r.user_id',
        'r.transaction_id',
        'r.scam_type',
        'r.description',
        'r.channel',
        'r.status',
        'r.created_at',
        'r.updated_at',
        'f.method',
        'f.status as recovery_status',
        'f.payee_key',
        'f.amount_minor',
        'f.currency',
        'f.requested_at',
        'f.updated_at as recovery_updated_at',
      ]);
  }

  /** Any user's report: the service checks whose it is. */
  async find(reference: string): Promise<StoredFraudReport | undefined> {
    const row: ReportRow | undefined = await this.selectReports().where('r.reference', '=', reference).executeTakeFirst();
    return row && toStored(row);
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<{ report: StoredFraudReport; requestHash: string } | undefined> {
    const row: ReportRow | undefined = await this.selectReports().where('r.user_id', '=', userId).where('r.idempotency_key', '=', key).executeTakeFirst();
    return row && { report: toStored(row), requestHash: row.request_hash };
  }

  /** Newest first. */
  async listByUser(userId: string): Promise<StoredFraudReport[]> {
    const rows: ReportRow[] = await this.selectReports()
      .where('r.user_id', '=', userId)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.reference', 'desc')
      .execute();
    return rows.map(toStored);
  }

  /** The report that already names this transaction, if any. */
  async referenceOfTransaction(transactionId: string): Promise<string | undefined> {
    const row = await this.db.executor.selectFrom('fraud_reports').select('reference').where('transaction_id', '=', transactionId).executeTakeFirst();
    return row?.reference;
  }

  async referenceTaken(reference: string): Promise<boolean> {
    const row = await this.db.executor.selectFrom('fraud_reports').select('reference').where('reference', '=', reference).executeTakeFirst();
    return row !== undefined;
  }

  /** Whether a report of the user is neither refunded nor closed. */
  async hasOpenReport(userId: string): Promise<boolean> {
    const row = await this.db.executor
      .selectFrom('fraud_reports')
      .select('reference')
      .where('user_id', '=', userId)
      .where('status', 'not in', ['refunded', 'closed'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insert(report: StoredFraudReport, idempotencyKey: string, requestHash: string): Promise<void> {
    await this.db.executor
      .insertInto('fraud_reports')
      .values({
        reference: report.reference,
        user_id: report.userId,
        idempotency_key: idempotencyKey,
        request_hash: requestHash,
        transaction_id: report.transactionId ?? null,
        scam_type: report.scamType,
        description: report.description ?? null,
        channel: report.channel,
        status: report.status,
        created_at: report.createdAt,
        updated_at: report.updatedAt,
      })
      .execute();
    const { recovery } = report;
    if (recovery !== undefined) {
      await this.db.executor
        .insertInto('fund_recoveries')
        .values({
          reference: report.reference,
          method: recovery.method,
          status: recovery.status,
          payee_key: recovery.payeeKey ?? null,
          amount_minor: recovery.amountMinor,
          currency: recovery.currency,
          requested_at: recovery.requestedAt,
          updated_at: recovery.updatedAt,
        })
        .execute();
    }
  }

  /**
   * Moves the report on only when it is still in the status `from`: false when another change
   * came first (one conditional UPDATE: PostgreSQL re-checks the status after waiting for the
   * row), and then nothing, money included, must move.
   */
  async setStatus(reference: string, status: FraudReportStatus, at: string, from: FraudReportStatus): Promise<boolean> {
    const { numUpdatedRows } = await this.db.executor
      .updateTable('fraud_reports')
      .set({ status, updated_at: at })
      .where('reference', '=', reference)
      .where('status', '=', from)
      .executeTakeFirst();
    return numUpdatedRows === 1n;
  }

  async setRecoveryStatus(reference: string, status: RecoveryStatus, at: string): Promise<void> {
    await this.db.executor.updateTable('fund_recoveries').set({ status, updated_at: at }).where('reference', '=', reference).execute();
  }
}
