import type { RiskAssessment, ScamType, TransactionStatus, TransferStatus } from '../../shared/contract/api';
import type { Db } from '../db/db';

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

interface TransferRow {
  id: string;
  user_id: string;
  created_at: string;
  status: TransferStatus;
  payee_key: string;
  payee_name: string;
  payee_account_masked: string;
  new_payee: 0 | 1;
  amount_minor: number;
  currency: string;
  memo: string | null;
  channel: StoredTransfer['channel'];
  risk_score: number;
  risk_level: RiskAssessment['level'];
  risk_reasons: string;
  scam_type: ScamType;
  transaction_id: string;
  hold_until: string | null;
  arrives_at: string | null;
  settled_at: string | null;
  cancelled_at: string | null;
  alert_id: string | null;
}

interface PayeeRow {
  scam_listed: 0 | 1;
  scam_type: ScamType | null;
  opened_at: string | null;
}

const SELECT_TRANSFER = `
  SELECT t.*, a.id AS alert_id FROM transfers t LEFT JOIN alerts a ON a.transfer_id = t.id`;

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
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      findById: db.prepare<[string, string], TransferRow>(`${SELECT_TRANSFER} WHERE t.id = ? AND t.user_id = ?`),
      findPayeeOfTransaction: db.prepare<[string, string], { payee_key: string }>('SELECT payee_key FROM transfers WHERE transaction_id = ? AND user_id = ?'),
      findByKey: db.prepare<[string, string], TransferRow & { request_hash: string }>(`${SELECT_TRANSFER} WHERE t.user_id = ? AND t.idempotency_key = ?`),
      insert: db.prepare<Record<string, string | number | null>>(
        `INSERT INTO transfers (id, user_id, idempotency_key, request_hash, created_at, status, payee_key, payee_name,
           payee_account_masked, new_payee, amount_minor, currency, memo, channel, risk_score, risk_level, risk_reasons,
           scam_type, transaction_id, hold_until, arrives_at)
         VALUES (@id, @userId, @idempotencyKey, @requestHash, @createdAt, @status, @payeeKey, @payeeName,
           @payeeAccountMasked, @newPayee, @amountMinor, @currency, @memo, @channel, @riskScore, @riskLevel, @riskReasons,
           @scamType, @transactionId, @holdUntil, @arrivesAt)`,
      ),
      listNewest: db.prepare<[string, number], TransferRow>(`${SELECT_TRANSFER} WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?`),
      listNewestOfStatus: db.prepare<[string, TransferStatus, number], TransferRow>(
        `${SELECT_TRANSFER} WHERE t.user_id = ? AND t.status = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?`,
      ),
      dueIds: db.prepare<[string], { id: string; user_id: string }>(
        `SELECT id, user_id FROM transfers WHERE status = 'pending' AND arrives_at <= ? ORDER BY arrives_at, id`,
      ),
      settle: db.prepare<[string, string, TransferStatus]>(`UPDATE transfers SET status = 'settled', settled_at = ? WHERE id = ? AND status = ?`),
      cancel: db.prepare<[string, string, TransferStatus]>(`UPDATE transfers SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND status = ?`),
      delayHeld: db.prepare<[string, string]>(`UPDATE transfers SET status = 'pending', arrives_at = ? WHERE id = ? AND status = 'held'`),
      hasPaid: db.prepare<[string, string], { paid: 1 }>(`SELECT 1 AS paid FROM transfers WHERE user_id = ? AND payee_key = ? AND status = 'settled' LIMIT 1`),
      countNewPayeeTransfers: db.prepare<[string, string], { n: number }>(
        'SELECT count(*) AS n FROM transfers WHERE user_id = ? AND new_payee = 1 AND created_at >= ?',
      ),
      pastDebits: db.prepare<[string, string, string], { amount_minor: number }>(
        `SELECT amount_minor FROM transactions
         WHERE user_id = ? AND currency = ? AND booked_at >= ? AND direction = 'debit' AND status = 'completed'`,
      ),
      findPayee: db.prepare<[string], PayeeRow>('SELECT scam_listed, scam_type, opened_at FROM payees WHERE payee_key = ?'),
      upsertPayee: db.prepare<Record<string, string | number | null>>(
        `INSERT INTO payees (payee_key, account_masked, opened_at, scam_listed, scam_type)
         VALUES (@payeeKey, @accountMasked, @openedAt, @scamListed, @scamType)
         ON CONFLICT (payee_key) DO NOTHING`,
      ),
      countReportsByOthers: db.prepare<[string, string], { n: number; scam_type: ScamType | null }>(
        `SELECT count(*) AS n, max(scam_type) AS scam_type FROM payee_reports WHERE payee_key = ? AND reporter_id <> ?`,
      ),
      insertReport: db.prepare<[string, string, string | null, string]>(
        `INSERT OR IGNORE INTO payee_reports (payee_key, reporter_id, scam_type, reported_at) VALUES (?, ?, ?, ?)`,
      ),
      debitWallet: db.prepare<[number, string, string, number]>(
        `UPDATE wallets SET available_minor = available_minor - ?
         WHERE user_id = ? AND currency = ? AND available_minor >= ?`,
      ),
      creditWallet: db.prepare<[number, string, string]>('UPDATE wallets SET available_minor = available_minor + ? WHERE user_id = ? AND currency = ?'),
      findWallet: db.prepare<[string, string], { available_minor: number }>('SELECT available_minor FROM wallets WHERE user_id = ? AND currency = ?'),
      setLedgerStatus: db.prepare<[string, string]>('UPDATE transactions SET status = ? WHERE id = ?'),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (a savepoint when already in one). */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  find(userId: string, id: string): StoredTransfer | undefined {
    const row = this.statements.findById.get(id, userId);
    return row && toStored(row);
  }

  /** The payee a ledger entry of the user paid, when a transfer booked it. */
  payeeKeyOf(userId: string, transactionId: string): string | undefined {
    return this.statements.findPayeeOfTransaction.get(transactionId, userId)?.payee_key;
  }

  findByIdempotencyKey(userId: string, key: string): { transfer: StoredTransfer; requestHash: string } | undefined {
    const row = this.statements.findByKey.get(userId, key);
    return row && { transfer: toStored(row), requestHash: row.request_hash };
  }

  insert(transfer: StoredTransfer, idempotencyKey: string, requestHash: string): void {
    this.statements.insert.run({
      id: transfer.id,
      userId: transfer.userId,
      idempotencyKey,
      requestHash,
      createdAt: transfer.createdAt,
      status: transfer.status,
      payeeKey: transfer.payeeKey,
      payeeName: transfer.payeeName,
      payeeAccountMasked: transfer.payeeAccountMasked,
      newPayee: transfer.newPayee ? 1 : 0,
      amountMinor: transfer.amountMinor,
      currency: transfer.currency,
      memo: transfer.memo ?? null,
      channel: transfer.channel,
      riskScore: transfer.risk.score,
      riskLevel: transfer.risk.level,
      riskReasons: JSON.stringify(transfer.risk.reasons),
      scamType: transfer.risk.scamType,
      transactionId: transfer.transactionId,
      holdUntil: transfer.holdUntil ?? null,
      arrivesAt: transfer.arrivesAt ?? null,
    });
  }

  /** Newest first, at most `limit`. */
  listNewest(userId: string, status: TransferStatus | undefined, limit: number): StoredTransfer[] {
    const rows = status === undefined ? this.statements.listNewest.all(userId, limit) : this.statements.listNewestOfStatus.all(userId, status, limit);
    return rows.map(toStored);
  }

  /** Pending transfers whose arrival time has come, the longest due first. */
  dueForArrival(at: string): Array<{ id: string; userId: string }> {
    return this.statements.dueIds.all(at).map((row) => ({ id: row.id, userId: row.user_id }));
  }

  /**
   * The moves below change the transfer only when it is still in the status `from`: false when
   * another request or the settlement sweep changed it first, and then no money must move.
   */
  markSettled(id: string, at: string, from: 'held' | 'pending'): boolean {
    return this.statements.settle.run(at, id, from).changes === 1;
  }

  markCancelled(id: string, at: string, from: 'held' | 'pending'): boolean {
    return this.statements.cancel.run(at, id, from).changes === 1;
  }

  /** A released held transfer that now waits out delayed arrival. */
  markHeldPending(id: string, arrivesAt: string): boolean {
    return this.statements.delayHeld.run(arrivesAt, id).changes === 1;
  }

  hasPaid(userId: string, payeeKey: string): boolean {
    return this.statements.hasPaid.get(userId, payeeKey) !== undefined;
  }

  countNewPayeeTransfersSince(userId: string, since: string): number {
    return this.statements.countNewPayeeTransfers.get(userId, since)?.n ?? 0;
  }

  completedDebitsSince(userId: string, currency: string, since: string): number[] {
    return this.statements.pastDebits.all(userId, currency, since).map((row) => row.amount_minor);
  }

  // --- payee registry -------------------------------------------------------------------------

  findPayee(payeeKey: string): PayeeRecord | undefined {
    const row = this.statements.findPayee.get(payeeKey);
    return (
      row && {
        scamListed: row.scam_listed === 1,
        ...(row.scam_type === null ? {} : { scamType: row.scam_type }),
        ...(row.opened_at === null ? {} : { openedAt: row.opened_at }),
      }
    );
  }

  /** Adds an account to the registry unless it is already there. */
  registerPayee(payeeKey: string, accountMasked: string, record: PayeeRecord = { scamListed: false }): void {
    this.statements.upsertPayee.run({
      payeeKey,
      accountMasked,
      openedAt: record.openedAt ?? null,
      scamListed: record.scamListed ? 1 : 0,
      scamType: record.scamType ?? null,
    });
  }

  /** Distinct users other than `userId` who reported the account, and a scam type they gave. */
  reportsByOthers(payeeKey: string, userId: string): { count: number; scamType?: ScamType } {
    const row = this.statements.countReportsByOthers.get(payeeKey, userId);
    return { count: row?.n ?? 0, ...(row?.scam_type ? { scamType: row.scam_type } : {}) };
  }

  /** One report per user and account; the fraud-report feature can call this too. */
  addReport(payeeKey: string, reporterId: string, scamType: ScamType | undefined, at: string): void {
    this.statements.insertReport.run(payeeKey, reporterId, scamType ?? null, at);
  }

  // --- wallet and ledger ----------------------------------------------------------------------

  /** Takes the amount out of the available balance, if it is there. */
  debitWallet(userId: string, currency: string, amountMinor: number): boolean {
    return this.statements.debitWallet.run(amountMinor, userId, currency, amountMinor).changes === 1;
  }

  /** Undefined when the user has no wallet in this currency. */
  availableMinor(userId: string, currency: string): number | undefined {
    return this.statements.findWallet.get(userId, currency)?.available_minor;
  }

  creditWallet(userId: string, currency: string, amountMinor: number): void {
    this.statements.creditWallet.run(amountMinor, userId, currency);
  }

  setLedgerStatus(transactionId: string, status: Exclude<TransactionStatus, 'pending'>): void {
    this.statements.setLedgerStatus.run(status, transactionId);
  }
}
