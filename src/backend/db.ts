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
  // Audit trail shared by every feature (see audit.ts): written in the transaction of the change.
  `
  CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    actor       TEXT NOT NULL CHECK (actor IN ('user', 'system')),
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    details     TEXT
  ) STRICT;
  CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, id);
  `,
  // Anti-fraud (issue 3): payee registry, scored transfers, alerts, decisions, notifications.
  `
  CREATE TABLE payees (
    payee_key      TEXT PRIMARY KEY,
    account_masked TEXT NOT NULL,
    opened_at      TEXT,
    scam_listed    INTEGER NOT NULL DEFAULT 0 CHECK (scam_listed IN (0, 1)),
    scam_type      TEXT
  ) STRICT;

  CREATE TABLE payee_reports (
    payee_key   TEXT NOT NULL REFERENCES payees (payee_key),
    reporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scam_type   TEXT,
    reported_at TEXT NOT NULL,
    PRIMARY KEY (payee_key, reporter_id)
  ) STRICT;

  CREATE TABLE transfers (
    id                   TEXT PRIMARY KEY,
    user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key      TEXT NOT NULL,
    request_hash         TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('held', 'settled', 'cancelled')),
    payee_key            TEXT NOT NULL REFERENCES payees (payee_key),
    payee_name           TEXT NOT NULL,
    payee_account_masked TEXT NOT NULL,
    new_payee            INTEGER NOT NULL CHECK (new_payee IN (0, 1)),
    amount_minor         INTEGER NOT NULL CHECK (amount_minor > 0),
    currency             TEXT NOT NULL,
    memo                 TEXT,
    channel              TEXT NOT NULL,
    risk_score           INTEGER NOT NULL,
    risk_level           TEXT NOT NULL CHECK (risk_level IN ('low', 'high')),
    risk_reasons         TEXT NOT NULL,
    scam_type            TEXT NOT NULL,
    transaction_id       TEXT NOT NULL REFERENCES transactions (id),
    hold_until           TEXT,
    settled_at           TEXT,
    cancelled_at         TEXT,
    UNIQUE (user_id, idempotency_key)
  ) STRICT;
  CREATE INDEX transfers_by_user_payee ON transfers (user_id, payee_key, status);
  CREATE INDEX transfers_by_user_time ON transfers (user_id, created_at);

  CREATE TABLE alerts (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    transfer_id      TEXT NOT NULL UNIQUE REFERENCES transfers (id),
    status           TEXT NOT NULL CHECK (status IN ('open', 'cancelled', 'proceeded', 'escalated')),
    scam_type        TEXT NOT NULL,
    opened_at        TEXT NOT NULL,
    warning_heard_at TEXT
  ) STRICT;
  CREATE INDEX alerts_by_user_status ON alerts (user_id, status, opened_at);

  CREATE TABLE alert_decisions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id           TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    decision           TEXT NOT NULL CHECK (decision IN ('cancel', 'hold', 'proceed', 'escalate')),
    decided_at         TEXT NOT NULL,
    emotions           TEXT NOT NULL,
    script_variants    TEXT NOT NULL,
    transcript_summary TEXT,
    confirmed_twice    INTEGER NOT NULL CHECK (confirmed_twice IN (0, 1))
  ) STRICT;
  CREATE INDEX alert_decisions_by_alert ON alert_decisions (alert_id, id);

  CREATE TABLE persuasion_outcomes (
    decision_id INTEGER NOT NULL REFERENCES alert_decisions (id) ON DELETE CASCADE,
    scam_type   TEXT NOT NULL,
    emotion     TEXT NOT NULL,
    variant     TEXT NOT NULL,
    success     INTEGER NOT NULL CHECK (success IN (0, 1)),
    PRIMARY KEY (decision_id, emotion, variant)
  ) STRICT;
  CREATE INDEX persuasion_outcomes_by_arm ON persuasion_outcomes (scam_type, emotion, variant);

  CREATE TABLE alexa_accounts (
    user_id       TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    alexa_user_id TEXT NOT NULL
  ) STRICT;

  CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    alert_id   TEXT REFERENCES alerts (id),
    channel    TEXT NOT NULL CHECK (channel IN ('in_app', 'alexa_proactive', 'trusted_contact_sms')),
    status     TEXT NOT NULL CHECK (status IN ('unread', 'queued', 'sending', 'sent', 'not_sent', 'failed')),
    recipient  TEXT,
    detail     TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX notifications_by_alert ON notifications (alert_id);
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
