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

const COLUMNS = ['id', 'booked_at', 'direction', 'status', 'amount_minor', 'currency', 'kind', 'counterparty', 'city', 'country', 'memo'] as const;

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
  constructor(private readonly db: Db) {}

  private selectTransactions() {
    return (
      this.db.executor
        .selectFrom('transactions')
        .select(COLUMNS)
        // A pending entry of a transfer waiting out delayed arrival says when it arrives.
        .select((eb) =>
          eb
            .selectFrom('transfers')
            .select('transfers.arrives_at')
            .whereRef('transfers.transaction_id', '=', 'transactions.id')
            .where('transfers.status', '=', 'pending')
            .limit(1)
            .as('arrives_at'),
        )
        .$narrowType<{ direction: TransactionDirection; kind: Transaction['kind'] }>()
    );
  }

  /** Only the user's own transaction: another user's id is as unknown as a made-up one. */
  async find(userId: string, id: string): Promise<Transaction | undefined> {
    const row = await this.selectTransactions().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return row && toTransaction(row);
  }

  /** Newest first, at most `limit`. */
  async search(search: TransactionSearch): Promise<Transaction[]> {
    let query = this.selectTransactions().where('user_id', '=', search.userId);
    if (search.bookedFrom !== undefined) query = query.where('booked_at', '>=', search.bookedFrom);
    if (search.bookedBefore !== undefined) query = query.where('booked_at', '<', search.bookedBefore);
    if (search.counterparty !== undefined) query = query.where(this.db.contains('counterparty_search', searchableText(search.counterparty)));
    if (search.status !== undefined) query = query.where('status', '=', search.status);
    if (search.direction !== undefined) query = query.where('direction', '=', search.direction);
    const { after } = search;
    if (after !== undefined) {
      query = query.where((eb) => eb.or([eb('booked_at', '<', after.bookedAt), eb.and([eb('booked_at', '=', after.bookedAt), eb('id', '<', after.id)])]));
    }
    const rows = await query.orderBy('booked_at', 'desc').orderBy('id', 'desc').limit(search.limit).execute();
    return rows.map(toTransaction);
  }

  async insert(userId: string, transaction: Transaction): Promise<void> {
    await this.db.executor
      .insertInto('transactions')
      .values({
        id: transaction.id,
        booked_at: transaction.bookedAt,
        direction: transaction.direction,
        status: transaction.status,
        amount_minor: transaction.amountMinor,
        currency: transaction.currency,
        kind: transaction.kind,
        counterparty: transaction.counterparty,
        city: transaction.city ?? null,
        country: transaction.country ?? null,
        memo: transaction.memo ?? null,
        user_id: userId,
        counterparty_search: searchableText(transaction.counterparty),
      })
      .execute();
  }
}
