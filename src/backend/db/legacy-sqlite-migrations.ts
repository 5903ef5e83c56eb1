/**
 * The SQLite-only migrations of the stores made before both engines shared one schema
 * (`migrations.ts`). A store that has run some of them (PRAGMA user_version > 0) is brought to
 * their end here when opened; then the shared migrations find its tables already there. Never
 * edit or extend: new schema changes go to `migrations.ts`.
 */
import type Database from 'better-sqlite3';

/** SQL to run; an empty entry is a step whose work the shared migrations now do. */
type LegacyMigration = string;

/**
 * A transfer the user cancelled was booked in the ledger as 'failed', for want of a 'cancelled'
 * status. SQLite cannot change a CHECK, so the table is rebuilt (its documented way: new table,
 * copy, drop, rename, with foreign keys off, see `migrate`), and the old entries are corrected.
 */
export const CANCELLED_LEDGER_STATUS: LegacyMigration = `
  CREATE TABLE transactions_rebuilt (
    id                  TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    booked_at           TEXT NOT NULL,
    direction           TEXT NOT NULL CHECK (direction IN ('debit', 'credit')),
    status              TEXT NOT NULL CHECK (status IN ('completed', 'pending', 'failed', 'cancelled', 'refunded')),
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
  INSERT INTO transactions_rebuilt SELECT * FROM transactions;
  DROP TABLE transactions;
  ALTER TABLE transactions_rebuilt RENAME TO transactions;
  CREATE INDEX transactions_by_user_newest_first ON transactions (user_id, booked_at DESC, id DESC);

  UPDATE transactions SET status = 'cancelled'
  WHERE status = 'failed' AND id IN (SELECT transaction_id FROM transfers WHERE status = 'cancelled');
`;

/**
 * Delayed arrival: a transfer to a new payee waits, cancellable, until `arrives_at` ('pending'),
 * then settles by itself. The status CHECK gains 'pending' by the same rebuild as above (the
 * alerts still reference `transfers` by name); the indexes serve the ledger's lookup of a
 * transfer by its entry and the settlement sweep.
 */
export const DELAYED_ARRIVAL_PENDING: LegacyMigration = `
  CREATE TABLE transfers_rebuilt (
    id                   TEXT PRIMARY KEY,
    user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key      TEXT NOT NULL,
    request_hash         TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('held', 'pending', 'settled', 'cancelled')),
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
    arrives_at           TEXT,
    UNIQUE (user_id, idempotency_key),
    CHECK (status <> 'pending' OR arrives_at IS NOT NULL)
  ) STRICT;
  INSERT INTO transfers_rebuilt SELECT *, NULL FROM transfers;
  DROP TABLE transfers;
  ALTER TABLE transfers_rebuilt RENAME TO transfers;
  CREATE INDEX transfers_by_user_payee ON transfers (user_id, payee_key, status);
  CREATE INDEX transfers_by_user_time ON transfers (user_id, created_at);
  CREATE INDEX transfers_by_transaction ON transfers (transaction_id);
  CREATE INDEX transfers_pending_by_arrival ON transfers (arrives_at) WHERE status = 'pending';
`;

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run, so
 * opening a database again applies only the new ones. Never edit a shipped entry: append.
 */
export const LEGACY_SQLITE_MIGRATIONS: readonly LegacyMigration[] = [
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
  // Anti-fraud: payee registry, scored transfers, alerts, decisions, notifications.
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
  // Fraud reports and protection: reports and the money they try to get back, account
  // freezes, safety settings, and the registry of official channels and known scams.
  `
  CREATE TABLE fraud_reports (
    reference       TEXT PRIMARY KEY CHECK (length(reference) = 8),
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    transaction_id  TEXT REFERENCES transactions (id),
    scam_type       TEXT NOT NULL,
    description     TEXT,
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL
      CHECK (status IN ('received', 'under_review', 'funds_frozen', 'refunded', 'closed')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (user_id, idempotency_key)
  ) STRICT;
  CREATE INDEX fraud_reports_by_user_newest_first ON fraud_reports (user_id, created_at DESC, reference DESC);
  CREATE UNIQUE INDEX fraud_reports_one_per_transaction ON fraud_reports (transaction_id) WHERE transaction_id IS NOT NULL;

  CREATE TABLE fund_recoveries (
    reference    TEXT PRIMARY KEY REFERENCES fraud_reports (reference) ON DELETE CASCADE,
    method       TEXT NOT NULL CHECK (method IN ('payee_freeze', 'chargeback')),
    status       TEXT NOT NULL CHECK (status IN ('requested', 'frozen', 'returned', 'released')),
    payee_key    TEXT REFERENCES payees (payee_key),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL
  ) STRICT;

  CREATE TABLE account_freezes (
    user_id   TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    frozen_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE user_settings (
    user_id                 TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    delayed_arrival_enabled INTEGER NOT NULL CHECK (delayed_arrival_enabled IN (0, 1)),
    delayed_arrival_hours   INTEGER NOT NULL CHECK (delayed_arrival_hours IN (2, 24)),
    trusted_contact_name    TEXT,
    trusted_contact_phone   TEXT,
    updated_at              TEXT NOT NULL,
    CHECK ((trusted_contact_name IS NULL) = (trusted_contact_phone IS NULL))
  ) STRICT;

  CREATE TABLE contact_registry (
    kind      TEXT NOT NULL CHECK (kind IN ('phone', 'app', 'website', 'phrase')),
    match_key TEXT NOT NULL,
    display   TEXT NOT NULL,
    verdict   TEXT NOT NULL CHECK (verdict IN ('official', 'known_scam')),
    story     TEXT,
    PRIMARY KEY (kind, match_key),
    -- A story is only ever a scam: no entry can make "move your money to a safe account" official.
    CHECK ((kind = 'phrase') = (story IS NOT NULL)),
    CHECK (kind <> 'phrase' OR verdict = 'known_scam')
  ) STRICT;
  `,
  // The official-channel registry's rows: the shared schema migration adds them, to every store.
  '',
  // Human handoff: tickets with the conversation's context, queued for the agent desk.
  `
  CREATE TABLE handoff_tickets (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('waiting', 'claimed', 'closed')),
    reason          TEXT NOT NULL,
    contact_mode    TEXT NOT NULL CHECK (contact_mode IN ('live_agent', 'callback')),
    channel         TEXT NOT NULL,
    context         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    claimed_at      TEXT,
    claimed_by      TEXT,
    closed_at       TEXT,
    resolution      TEXT,
    UNIQUE (user_id, idempotency_key)
  ) STRICT;
  CREATE INDEX handoff_tickets_queue ON handoff_tickets (status, created_at, id);
  CREATE UNIQUE INDEX handoff_tickets_one_open_per_user ON handoff_tickets (user_id) WHERE status <> 'closed';
  `,
  // Service analytics: one event per conversation turn and its outcome, written by the skill.
  `
  CREATE TABLE analytics_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_key TEXT NOT NULL,
    platform    TEXT NOT NULL CHECK (platform IN ('alexa', 'web')),
    locale      TEXT NOT NULL,
    language    TEXT NOT NULL,
    intent      TEXT,
    outcome     TEXT NOT NULL,
    faq_topic   TEXT,
    emotion     TEXT,
    latency_ms  INTEGER,
    session_end INTEGER NOT NULL CHECK (session_end IN (0, 1))
  ) STRICT;
  CREATE INDEX analytics_events_by_time ON analytics_events (at);
  CREATE INDEX analytics_events_by_session ON analytics_events (session_key, at);
  `,
  // Why the backend could not answer a turn that ended in an apology (outcome backend_error).
  `
  ALTER TABLE analytics_events ADD COLUMN cause TEXT;
  `,
  CANCELLED_LEDGER_STATUS,
  DELAYED_ARRIVAL_PENDING,
];

/**
 * Brings a store made by an earlier build to the last legacy migration, in one transaction; a new
 * store (user_version 0) is left to the shared migrations. `migrations` is shorter only when a
 * test builds an older store.
 */
export function migrateLegacySqliteStore(db: Database.Database, migrations: readonly LegacyMigration[] = LEGACY_SQLITE_MIGRATIONS): void {
  if (migrations === LEGACY_SQLITE_MIGRATIONS && db.pragma('user_version', { simple: true }) === 0) return;
  // A table rebuild needs foreign keys off, and the pragma does nothing inside a transaction: they
  // are off around it, and the migrated store is checked before it commits.
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    // IMMEDIATE takes the write lock first, so two processes opening one file cannot both migrate.
    db.transaction(() => {
      const applied = db.pragma('user_version', { simple: true }) as number;
      if (applied > migrations.length) {
        throw new Error(`Database schema version ${applied} is newer than this code (${migrations.length})`);
      }
      if (applied === migrations.length) {
        return;
      }
      for (const migration of migrations.slice(applied)) {
        db.exec(migration);
      }
      const dangling = db.pragma('foreign_key_check') as unknown[];
      if (dangling.length > 0) {
        throw new Error(`Migrating left rows that reference nothing: ${JSON.stringify(dangling.slice(0, 5))}`);
      }
      db.pragma(`user_version = ${migrations.length}`);
    }).immediate();
  } finally {
    db.pragma(`foreign_keys = ${enforced ? 'ON' : 'OFF'}`);
  }
}
