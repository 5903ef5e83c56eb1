import type { Transaction, TransactionsQuery, TransactionsResponse } from '../../shared/contract/api';
import type { AccountsService } from '../accounts/service';
import { HttpError } from '../http/errors';
import { resolveBookedRange } from './booked-range';
import { decodeCursor, encodeCursor } from './cursor';
import type { TransactionsRepository } from './repository';

export class TransactionsService {
  constructor(
    private readonly repository: TransactionsRepository,
    /** Date filters are read in the user's own time zone. */
    private readonly accounts: Pick<AccountsService, 'profile'>,
  ) {}

  async list(userId: string, query: TransactionsQuery): Promise<TransactionsResponse> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && after === undefined) {
      throw HttpError.invalidFields([{ field: 'cursor', message: 'is not a nextCursor returned by this API' }]);
    }
    const range =
      query.from === undefined && query.to === undefined ? {} : resolveBookedRange(query.from, query.to, (await this.accounts.profile(userId)).timeZone);
    // One extra row tells whether another page follows.
    const found = await this.repository.search({
      userId,
      ...range,
      counterparty: query.counterparty,
      status: query.status,
      direction: query.direction,
      after,
      limit: query.limit + 1,
    });
    const transactions = found.slice(0, query.limit);
    const last = transactions[transactions.length - 1];
    return found.length > query.limit && last !== undefined ? { transactions, nextCursor: encodeCursor(last) } : { transactions };
  }

  async get(userId: string, id: string): Promise<Transaction> {
    const transaction = await this.repository.find(userId, id);
    if (transaction === undefined) {
      throw new HttpError('not_found', 'No transaction with this id');
    }
    return transaction;
  }
}
