import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Schema } from './schema';

export type Engine = 'sqlite' | 'postgres';

/**
 * Why a transaction may succeed when run again: PostgreSQL's serialization failure and deadlock,
 * a unique key another instance took first (the retry then finds its row: the same idempotency
 * key twice gives one record), and SQLite's busy file.
 */
const RETRYABLE = new Set(['40001', '40P01', '23505', 'SQLITE_BUSY']);
const MAX_ATTEMPTS = 5;

function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));
}

/**
 * The backend's store, on SQLite or PostgreSQL through one Kysely query layer. Repositories
 * query `executor`: the transaction `atomically` opened for this call chain, or the pool.
 */
export class Db {
  private readonly transactions = new AsyncLocalStorage<Kysely<Schema>>();

  constructor(
    private readonly root: Kysely<Schema>,
    readonly engine: Engine,
  ) {}

  /** Whether this call chain runs inside `atomically`. */
  get inTransaction(): boolean {
    return this.transactions.getStore() !== undefined;
  }

  get executor(): Kysely<Schema> {
    return this.transactions.getStore() ?? this.root;
  }

  /**
   * Runs `work` in one transaction, every repository call in it included; inside another
   * `atomically` it joins that one. Retried whole (at most 5 times) when the engine says another
   * transaction got in the way, so `work` must not have effects outside the store.
   */
  async atomically<T>(work: () => Promise<T>): Promise<T> {
    if (this.transactions.getStore() !== undefined) return work();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.transaction(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  private transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.engine === 'postgres') return this.root.transaction().execute((trx) => this.transactions.run(trx, work));
    // SQLite: a deferred transaction (Kysely's BEGIN) that reads and then writes fails at once,
    // without waiting (busy_timeout), when another process wrote in between; IMMEDIATE takes the
    // write lock first and waits for it.
    return this.root.connection().execute(async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      try {
        const result = await this.transactions.run(connection, work);
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (error) {
        // Some failures (a full disk) already rolled back: the original error is what matters.
        await sql`ROLLBACK`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Runs `work` outside the transaction of this call chain: for what is started from inside one
   * but must not join it (a notification delivered after the commit).
   */
  outsideTransaction<T>(work: () => T): T {
    return this.transactions.exit(work);
  }

  /** True where `haystack` contains `needle` as written (no pattern characters). */
  contains(haystack: RawBuilder<string> | string, needle: string): RawBuilder<boolean> {
    const column = typeof haystack === 'string' ? sql.ref(haystack) : haystack;
    return this.engine === 'postgres' ? sql<boolean>`strpos(${column}, ${needle}) > 0` : sql<boolean>`instr(${column}, ${needle}) > 0`;
  }

  close(): Promise<void> {
    return this.root.destroy();
  }
}
