import type { Statement } from 'better-sqlite3';
import type { Transaction, TransactionDirection, TransactionStatus } from '../../shared/contract/api';
import type { Db } from '../db/db';
import { searchableText } from '../text';

/** Where the previous page ended: the next one starts strictly after it (newest first). */
export interface ListPosition {
  bookedAt: string;
  id: string;
}

export interface TransactionSearch {
  userId: string;
  /** ISO instant, inclusive. */
  bookedFrom?: string;
  /** ISO instant, exclusive. */
  bookedBefore?: string;
  counterparty?: string;
  status?: TransactionStatus;
  direction?: TransactionDirection;
  after?: ListPosition;
  limit: number;
}

interface TransactionRow {
  id: string;
  booked_at: string;
  direction: TransactionDirection;
  status: TransactionStatus;
  amount_minor: number;
  currency: string;
  kind: Transaction['kind'];
  counterparty: string;
  city: string | null;
  country: string | null;
  memo: string | null;
  arrives_at: string | null;
}

const COLUMNS = 'id, booked_at, direction, status, amount_minor, currency, kind, counterparty, city, country, memo';
/** A pending entry of a transfer waiting out delayed arrival says when it arrives. */
const SELECTED = `${COLUMNS},
  (SELECT arrives_at FROM transfers WHERE transaction_id = transactions.id AND transfers.status = 'pending') AS arrives_at`;

function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    bookedAt: row.booked_at,
    direction: row.direction,
    status: row.status,
    amountMinor: row.amount_minor,
    currency: row.currency,
    kind: row.kind,
    counterparty: row.counterparty,
    ...(row.city === null ? {} : { city: row.city }),
    ...(row.country === null ? {} : { country: row.country }),
    ...(row.memo === null ? {} : { memo: row.memo }),
    ...(row.arrives_at === null ? {} : { arrivesAt: row.arrives_at }),
  };
}

export class TransactionsRepository {
  private readonly findById: Statement<[string, string], TransactionRow>;
  private readonly insertOne: Statement<Record<string, string | number | null>>;
  /** One prepared statement per combination of filters (at most 2^6). */
  private readonly searches = new Map<string, Statement<Record<string, string | number>, TransactionRow>>();

  constructor(private readonly db: Db) {
    this.findById = db.prepare(`SELECT ${SELECTED} FROM transactions WHERE id = ? AND user_id = ?`);
    this.insertOne = db.prepare(
      `INSERT INTO transactions (${COLUMNS}, user_id, counterparty_search)
       VALUES (@id, @bookedAt, @direction, @status, @amountMinor, @currency, @kind, @counterparty,
               @city, @country, @memo, @userId, @counterpartySearch)`,
    );
  }

  /** Only the user's own transaction: another user's id is as unknown as a made-up one. */
  find(userId: string, id: string): Transaction | undefined {
    const row = this.findById.get(id, userId);
    return row && toTransaction(row);
  }

  /** Newest first, at most `limit`. */
  search(search: TransactionSearch): Transaction[] {
    const conditions = ['user_id = @userId'];
    const params: Record<string, string | number> = { userId: search.userId, limit: search.limit };
    if (search.bookedFrom !== undefined) {
      conditions.push('booked_at >= @bookedFrom');
      params.bookedFrom = search.bookedFrom;
    }
    if (search.bookedBefore !== undefined) {
      conditions.push('booked_at < @bookedBefore');
      params.bookedBefore = search.bookedBefore;
    }
    if (search.counterparty !== undefined) {
      conditions.push('instr(counterparty_search, @counterparty) > 0');
      params.counterparty = searchableText(search.counterparty);
    }
    if (search.status !== undefined) {
      conditions.push('status = @status');
      params.status = search.status;
    }
    if (search.direction !== undefined) {
      conditions.push('direction = @direction');
      params.direction = search.direction;
    }
    if (search.after !== undefined) {
      conditions.push('(booked_at < @afterBookedAt OR (booked_at = @afterBookedAt AND id < @afterId))');
      params.afterBookedAt = search.after.bookedAt;
      params.afterId = search.after.id;
    }
    const sql = `SELECT ${SELECTED} FROM transactions WHERE ${conditions.join(' AND ')}
                 ORDER BY booked_at DESC, id DESC LIMIT @limit`;
    let statement = this.searches.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.searches.set(sql, statement);
    }
    return statement.all(params).map(toTransaction);
  }

  insert(userId: string, transaction: Transaction): void {
    this.insertOne.run({
      id: transaction.id,
      bookedAt: transaction.bookedAt,
      direction: transaction.direction,
      status: transaction.status,
      amountMinor: transaction.amountMinor,
      currency: transaction.currency,
      kind: transaction.kind,
      counterparty: transaction.counterparty,
      city: transaction.city ?? null,
      country: transaction.country ?? null,
      memo: transaction.memo ?? null,
      userId,
      counterpartySearch: searchableText(transaction.counterparty),
    });
  }
}
