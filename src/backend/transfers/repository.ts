import type { RiskAssessment, ScamType, TransactionStatus, TransferStatus } from '../../shared/contract/api';
import type { Selectable } from 'kysely';
import type { Db } from '../db/db';
import type { TransfersTable } from '../db/schema';

/** A transfer as stored; `transferView` turns it into the contract's `Transfer`. */
export interface StoredTransfer {
  id: string;
  userId: string;
  createdAt: string;
  status: TransferStatus;
  payeeKey: string;
  payeeName: string;
  payeeAccountMasked: string;
  /** The user had never paid this payee before. */
  newPayee: boolean;
  amountMinor: number;
  currency: string;
  memo?: string;
  channel: 'voice_assistant' | 'mobile_app' | 'web';
  risk: RiskAssessment;
  transactionId: string;
  holdUntil?: string;
  /** Delayed arrival: when a pending transfer settles by itself. */
  arrivesAt?: string;
  settledAt?: string;
  cancelledAt?: string;
  alertId?: string;
}

export interface PayeeRecord {
  scamListed: boolean;
  scamType?: ScamType;
  openedAt?: string;
}

type TransferRow = Selectable<TransfersTable> & { alert_id: string | null };

function toStored(row: TransferRow): StoredTransfer {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    status: row.status,
    payeeKey: row.payee_key,
    payeeName: row.payee_name,
    payeeAccountMasked: row.payee_account_masked,
    newPayee: row.new_payee === 1,
    amountMinor: row.amount_minor,
    currency: row.currency,
    ...(row.memo === null ? {} : { memo: row.memo }),
    channel: row.channel,
    risk: {
      score: row.risk_score,
      level: row.risk_level,
      reasons: JSON.parse(row.risk_reasons) as RiskAssessment['reasons'],
      scamType: row.scam_type,
    },
    transactionId: row.transaction_id,
    ...(row.hold_until === null ? {} : { holdUntil: row.hold_until }),
    ...(row.arrives_at === null ? {} : { arrivesAt: row.arrives_at }),
    ...(row.settled_at === null ? {} : { settledAt: row.settled_at }),
    ...(row.cancelled_at === null ? {} : { cancelledAt: row.cancelled_at }),
    ...(row.alert_id === null ? {} : { alertId: row.alert_id }),
  };
}

/** Transfers, the payee registry, and the wallet and ledger moves a transfer makes. */
export class TransfersRepository {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction (see `Db.atomically`). */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.db.atomically(work);
  }

  /** See `Db.outsideTransaction`. */
  outsideTransaction<T>(work: () => T): T {
    return this.db.outsideTransaction(work);
  }

  private selectTransfers() {
    return this.db.executor.selectFrom('transfers as t').leftJoin('alerts as a', 'a.transfer_id', 't.id').selectAll('t').select('a.id as alert_id');
  }

  async find(userId: string, id: string): Promise<StoredTransfer | undefined> {
    const row = await this.selectTransfers().where('t.id', '=', id).where('t.user_id', '=', userId).executeTakeFirst();
    return row && toStored(row);
  }

  /** The payee a ledger entry of the user paid, when a transfer booked it. */
  async payeeKeyOf(userId: string, transactionId: string): Promise<string | undefined> {
    const row = await this.db.executor
      .selectFrom('transfers')
      .select('payee_key')
      .where('transaction_id', '=', transactionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.payee_key;
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<{ transfer: StoredTransfer; requestHash: string } | undefined> {
    const row = await this.selectTransfers().where('t.user_id', '=', userId).where('t.idempotency_key', '=', key).executeTakeFirst();
    return row && { transfer: toStored(row), requestHash: row.request_hash };
  }

  async insert(transfer: StoredTransfer, idempotencyKey: string, requestHash: string): Promise<void> {
    await this.db.executor
      .insertInto('transfers')
      .values({
        id: transfer.id,
        user_id: transfer.userId,
        idempotency_key: idempotencyKey,
        request_hash: requestHash,
        created_at: transfer.createdAt,
        status: transfer.status,
        payee_key: transfer.payeeKey,
        payee_name: transfer.payeeName,
        payee_account_masked: transfer.payeeAccountMasked,
        new_payee: transfer.newPayee ? 1 : 0,
        amount_minor: transfer.amountMinor,
        currency: transfer.currency,
        memo: transfer.memo ?? null,
        channel: transfer.channel,
        risk_score: transfer.risk.score,
        risk_level: transfer.risk.level,
        risk_reasons: JSON.stringify(transfer.risk.reasons),
        scam_type: transfer.risk.scamType,
        transaction_id: transfer.transactionId,
        hold_until: transfer.holdUntil ?? null,
        arrives_at: transfer.arrivesAt ?? null,
      })
      .execute();
  }

  /** Newest first, at most `limit`. */
  async listNewest(userId: string, status: TransferStatus | undefined, limit: number): Promise<StoredTransfer[]> {
    let query = this.selectTransfers().where('t.user_id', '=', userId);
    if (status !== undefined) query = query.where('t.status', '=', status);
    const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(limit).execute();
    return rows.map(toStored);
  }

  /** Pending transfers whose arrival time has come, the longest due first. */
  async dueForArrival(at: string): Promise<Array<{ id: string; userId: string }>> {
    const rows = await this.db.executor
      .selectFrom('transfers')
      .select(['id', 'user_id'])
      .where('status', '=', 'pending')
      .where('arrives_at', '<=', at)
      .orderBy('arrives_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, userId: row.user_id }));
  }

  /**
   * The moves below change the transfer only when it is still in the status `from`: false when
   * another request, instance or the settlement sweep changed it first, and then no money must
   * move. (One conditional UPDATE: PostgreSQL re-checks the status after waiting for the row.)
   */
  async markSettled(id: string, at: string, from: 'held' | 'pending'): Promise<boolean> {
    return this.changed(this.db.executor.updateTable('transfers').set({ status: 'settled', settled_at: at }).where('id', '=', id).where('status', '=', from));
  }

  async markCancelled(id: string, at: string, from: 'held' | 'pending'): Promise<boolean> {
    return this.changed(
      this.db.executor.updateTable('transfers').set({ status: 'cancelled', cancelled_at: at }).where('id', '=', id).where('status', '=', from),
    );
  }

  /** A released held transfer that now waits out delayed arrival. */
  async markHeldPending(id: string, arrivesAt: string): Promise<boolean> {
    return this.changed(
      this.db.executor.updateTable('transfers').set({ status: 'pending', arrives_at: arrivesAt }).where('id', '=', id).where('status', '=', 'held'),
    );
  }

  async hasPaid(userId: string, payeeKey: string): Promise<boolean> {
    const row = await this.db.executor
      .selectFrom('transfers')
      .select('id')
      .where('user_id', '=', userId)
      .where('payee_key', '=', payeeKey)
      .where('status', '=', 'settled')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async countNewPayeeTransfersSince(userId: string, since: string): Promise<number> {
    const row = await this.db.executor
      .selectFrom('transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('new_payee', '=', 1)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  async completedDebitsSince(userId: string, currency: string, since: string): Promise<number[]> {
    const rows = await this.db.executor
      .selectFrom('transactions')
      .select('amount_minor')
      .where('user_id', '=', userId)
      .where('currency', '=', currency)
      .where('booked_at', '>=', since)
      .where('direction', '=', 'debit')
      .where('status', '=', 'completed')
      .execute();
    return rows.map((row) => row.amount_minor);
  }

  // --- payee registry -------------------------------------------------------------------------

  async findPayee(payeeKey: string): Promise<PayeeRecord | undefined> {
    const row = await this.db.executor
      .selectFrom('payees')
      .select(['scam_listed', 'scam_type', 'opened_at'])
      .where('payee_key', '=', payeeKey)
      .executeTakeFirst();
    return (
      row && {
        scamListed: row.scam_listed === 1,
        ...(row.scam_type === null ? {} : { scamType: row.scam_type }),
        ...(row.opened_at === null ? {} : { openedAt: row.opened_at }),
      }
    );
  }

  /** Adds an account to the registry unless it is already there. */
  async registerPayee(payeeKey: string, accountMasked: string, record: PayeeRecord = { scamListed: false }): Promise<void> {
    await this.db.executor
      .insertInto('payees')
      .values({
        payee_key: payeeKey,
        account_masked: accountMasked,
        opened_at: record.openedAt ?? null,
        scam_listed: record.scamListed ? 1 : 0,
        scam_type: record.scamType ?? null,
      })
      .onConflict((conflict) => conflict.column('payee_key').doNothing())
      .execute();
  }

  /** Distinct users other than `userId` who reported the account, and a scam type they gave. */
  async reportsByOthers(payeeKey: string, userId: string): Promise<{ count: number; scamType?: ScamType }> {
    const row = await this.db.executor
      .selectFrom('payee_reports')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('scam_type').as('scam_type')])
      .where('payee_key', '=', payeeKey)
      .where('reporter_id', '<>', userId)
      .executeTakeFirst();
    return { count: row?.n ?? 0, ...(row?.scam_type ? { scamType: row.scam_type } : {}) };
  }

  /** One report per user and account; the fraud-report feature can call this too. */
  async addReport(payeeKey: string, reporterId: string, scamType: ScamType | undefined, at: string): Promise<void> {
    await this.db.executor
      .insertInto('payee_reports')
      .values({ payee_key: payeeKey, reporter_id: reporterId, scam_type: scamType ?? null, reported_at: at })
      .onConflict((conflict) => conflict.columns(['payee_key', 'reporter_id']).doNothing())
      .execute();
  }

  // --- wallet and ledger ----------------------------------------------------------------------

  /** Takes the amount out of the available balance, if it is there (one conditional UPDATE). */
  async debitWallet(userId: string, currency: string, amountMinor: number): Promise<boolean> {
    return this.changed(
      this.db.executor
        .updateTable('wallets')
        .set((eb) => ({ available_minor: eb('available_minor', '-', amountMinor) }))
        .where('user_id', '=', userId)
        .where('currency', '=', currency)
        .where('available_minor', '>=', amountMinor),
    );
  }

  /** Undefined when the user has no wallet in this currency. */
  async availableMinor(userId: string, currency: string): Promise<number | undefined> {
    const row = await this.db.executor
      .selectFrom('wallets')
      .select('available_minor')
      .where('user_id', '=', userId)
      .where('currency', '=', currency)
      .executeTakeFirst();
    return row?.available_minor;
  }

  async creditWallet(userId: string, currency: string, amountMinor: number): Promise<void> {
    await this.db.executor
      .updateTable('wallets')
      .set((eb) => ({ available_minor: eb('available_minor', '+', amountMinor) }))
      .where('user_id', '=', userId)
      .where('currency', '=', currency)
      .execute();
  }

  async setLedgerStatus(transactionId: string, status: Exclude<TransactionStatus, 'pending'>): Promise<void> {
    await this.db.executor.updateTable('transactions').set({ status }).where('id', '=', transactionId).execute();
  }

  private async changed(update: { executeTakeFirst(): Promise<{ numUpdatedRows: bigint }> }): Promise<boolean> {
    const { numUpdatedRows } = await update.executeTakeFirst();
    return numUpdatedRows === 1n;
  }
}
