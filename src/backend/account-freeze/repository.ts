import type { Db } from '../db/db';

/** Whose outgoing payments are frozen, since when. */
export class AccountFreezesRepository {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction (see `Db.atomically`). */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.db.atomically(work);
  }

  /** When the account was frozen; undefined when it is not. */
  async frozenAt(userId: string): Promise<string | undefined> {
    const row = await this.db.executor.selectFrom('account_freezes').select('frozen_at').where('user_id', '=', userId).executeTakeFirst();
    return row?.frozen_at;
  }

  async isFrozen(userId: string): Promise<boolean> {
    return (await this.frozenAt(userId)) !== undefined;
  }

  /** False when it already was. */
  async freeze(userId: string, at: Date): Promise<boolean> {
    const { numInsertedOrUpdatedRows } = await this.db.executor
      .insertInto('account_freezes')
      .values({ user_id: userId, frozen_at: at.toISOString() })
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .executeTakeFirstOrThrow();
    return numInsertedOrUpdatedRows === 1n;
  }

  /** False when it was not frozen. */
  async unfreeze(userId: string): Promise<boolean> {
    const { numDeletedRows } = await this.db.executor.deleteFrom('account_freezes').where('user_id', '=', userId).executeTakeFirst();
    return numDeletedRows === 1n;
  }
}
