import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seedDemoData } from './seed';

export type Db = Database.Database;

export const DATABASE_FILE_NAME = 'carevoice.sqlite';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run, so
 * opening a database again applies only the new ones. Never edit a shipped entry: append.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    locale        TEXT NOT NULL,
    time_zone     TEXT NOT NULL,
    home_currency TEXT NOT NULL
  ) STRICT;

  CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client     TEXT NOT NULL CHECK (client IN ('voice_assistant', 'mobile_app'))
  ) STRICT;

  CREATE TABLE wallets (
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    currency        TEXT NOT NULL,
    available_minor INTEGER NOT NULL,
    PRIMARY KEY (user_id, currency)
  ) STRICT;

  CREATE TABLE transactions (
    id                  TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    booked_at           TEXT NOT NULL,
    direction           TEXT NOT NULL CHECK (direction IN ('debit', 'credit')),
    status              TEXT NOT NULL CHECK (status IN ('completed', 'pending', 'failed', 'refunded')),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor > 0),
    currency            TEXT NOT NULL,
    kind                TEXT NOT NULL
      CHECK (kind IN ('card_payment', 'transfer', 'top_up', 'refund', 'withdrawal', 'exchange')),
    counterparty        TEXT NOT NULL,
    counterparty_search TEXT NOT NULL,
    city                TEXT,
    country             TEXT,
    memo                TEXT
  ) STRICT;
  CREATE INDEX transactions_by_user_newest_first ON transactions (user_id, booked_at DESC, id DESC);

  CREATE TABLE voice_codes (
    user_id         TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    code_hash       TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE voice_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX voice_sessions_by_user ON voice_sessions (user_id);
  `,
];

function migrate(db: Db): void {
  // IMMEDIATE takes the write lock first, so two processes opening one file cannot both migrate.
  db.transaction(() => {
    const applied = db.pragma('user_version', { simple: true }) as number;
    if (applied > MIGRATIONS.length) {
      throw new Error(`Database schema version ${applied} is newer than this code (${MIGRATIONS.length})`);
    }
    for (const [index, migration] of MIGRATIONS.entries()) {
      if (index >= applied) {
        db.exec(migration);
      }
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** Opens (or creates) a SQLite file with the settings every connection needs, and migrates it. */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Wait for another writer instead of failing at once with SQLITE_BUSY.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens `<dataDir>/carevoice.sqlite`, creating, migrating and seeding it with the demo users as needed. */
export async function openStore({ dataDir }: { dataDir: string }): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
  try {
    await seedDemoData(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
