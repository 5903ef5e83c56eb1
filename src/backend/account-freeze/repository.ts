import type { Db } from '../db/db';

/** Whose outgoing payments are frozen, since when. */
export class AccountFreezesRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      find: db.prepare<[string], { frozen_at: string }>('SELECT frozen_at FROM account_freezes WHERE user_id = ?'),
      insert: db.prepare<[string, string]>('INSERT OR IGNORE INTO account_freezes (user_id, frozen_at) VALUES (?, ?)'),
      delete: db.prepare<[string]>('DELETE FROM account_freezes WHERE user_id = ?'),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (a savepoint when already in one). */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** When the account was frozen; undefined when it is not. */
  frozenAt(userId: string): string | undefined {
    return this.statements.find.get(userId)?.frozen_at;
  }

  isFrozen(userId: string): boolean {
    return this.frozenAt(userId) !== undefined;
  }

  /** False when it already was. */
  freeze(userId: string, at: Date): boolean {
    return this.statements.insert.run(userId, at.toISOString()).changes === 1;
  }

  /** False when it was not frozen. */
  unfreeze(userId: string): boolean {
    return this.statements.delete.run(userId).changes === 1;
  }
}
