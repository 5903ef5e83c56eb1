import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { ApiPaths, buildPath, type Transaction } from '../../src/shared/contract/api';
import type { Db } from '../../src/backend/db/db';
import { DATABASE_FILE_NAME, openStore } from '../../src/backend/db/store';
import {
  CANCELLED_LEDGER_STATUS,
  DELAYED_ARRIVAL_PENDING,
  LEGACY_SQLITE_MIGRATIONS,
  migrateLegacySqliteStore,
} from '../../src/backend/db/legacy-sqlite-migrations';
import { startBackend } from '../../src/backend/main';
import { openSeededStore, seedDemoData } from '../../src/backend/seed/seed';
import { createLogger } from '../../src/shared/logger';
import { DEMO_TRAFFIC_USERS, type DemoUser } from '../../src/shared/demo-users';
import { Api, DEMO_USERS, makeDataDir, startTestBackend } from './support';
import { testStoreIn } from '../support/store';
import { startBackendProcess } from '../stress/support';

const HOUR_MS = 3_600_000;
const TABLES = ['users', 'api_tokens', 'wallets', 'transactions', 'voice_codes'] as const;
/** The demo users and the demo-traffic users, who are seeded like them. */
const SEEDED_USERS = Object.keys(DEMO_USERS).length + DEMO_TRAFFIC_USERS.length;

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db.executor
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = row.n;
  }
  return counts;
}

function seededTransactions(db: Db): Promise<unknown[]> {
  return db.executor.selectFrom('transactions').select(['id', 'user_id', 'counterparty', 'amount_minor', 'currency', 'status']).orderBy('id').execute();
}

/** Every column of every ledger entry, as the SQLite file holds it. */
function allTransactionRows(db: Database.Database): Array<{ id: string; status: string }> {
  return db.prepare('SELECT * FROM transactions ORDER BY id').all() as Array<{ id: string; status: string }>;
}

/**
 * The demo data as a store that had run only `migrations` held it: seeded by today's code (which
 * writes today's columns) in a side file, then copied into the earlier schema, column by column.
 */
async function earlierSeededStore(dataDir: string, migrations: readonly string[]): Promise<Database.Database> {
  const currentDir = path.join(dataDir, 'current');
  const current = await openStore({ dataDir: currentDir });
  await seedDemoData(current);
  await current.close();
  const currentFile = path.join(currentDir, DATABASE_FILE_NAME);
  const earlier = new Database(path.join(dataDir, DATABASE_FILE_NAME));
  migrateLegacySqliteStore(earlier, migrations);
  earlier.prepare('ATTACH DATABASE ? AS current').run(currentFile);
  earlier.pragma('foreign_keys = OFF');
  earlier.transaction(() => {
    const tables = earlier.prepare(`SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const columns = (earlier.pragma(`main.table_info(${name})`) as Array<{ name: string }>).map((column) => column.name).join(', ');
      earlier.exec(`DELETE FROM main.${name}; INSERT INTO main.${name} (${columns}) SELECT ${columns} FROM current.${name}`);
    }
  })();
  earlier.pragma('foreign_keys = ON');
  earlier.exec('DETACH DATABASE current');
  return earlier;
}

describe('backend: store', () => {
  const dataDirs: string[] = [];
  const freshDataDir = async () => {
    const dataDir = await makeDataDir();
    dataDirs.push(dataDir);
    return dataDir;
  };
  after(async () => {
    await Promise.all(dataDirs.map((dataDir) => rm(dataDir, { recursive: true, force: true })));
  });

  it('seeds a new store once: opening it again changes nothing', async () => {
    const store = await testStoreIn(await freshDataDir());
    const first = await openSeededStore(store);
    const countsBefore = await rowCounts(first);
    const transactionsBefore = await seededTransactions(first);
    await first.close();
    assert.equal(countsBefore.users, SEEDED_USERS);

    const second = await openSeededStore(store);
    assert.deepEqual(await rowCounts(second), countsBefore);
    assert.deepEqual(await seededTransactions(second), transactionsBefore);
    await second.close();
  });

  it('seeds the same story into every new store', async () => {
    const [one, other] = await Promise.all([
      openSeededStore(await testStoreIn(await freshDataDir())),
      openSeededStore(await testStoreIn(await freshDataDir())),
    ]);
    assert.deepEqual(await seededTransactions(one), await seededTransactions(other));
    await one.close();
    await other.close();
  });

  it('seeds and migrates once when two backend processes start on one new store at the same time', async () => {
    const dataDir = await freshDataDir();
    const store = await testStoreIn(dataDir);
    const env: Record<string, string> = store.databaseUrl === undefined ? {} : { DATABASE_URL: store.databaseUrl };
    const backends = await Promise.all([startBackendProcess(dataDir, env), startBackendProcess(dataDir, env)]);
    await Promise.all(backends.map((backend) => backend.stop()));
    const shared = await openStore(store);
    const alone = await openSeededStore(await testStoreIn(await freshDataDir()));
    assert.equal((await rowCounts(shared)).users, SEEDED_USERS);
    assert.deepEqual(await rowCounts(shared), await rowCounts(alone));
    assert.deepEqual(await seededTransactions(shared), await seededTransactions(alone));
    await shared.close();
    await alone.close();
  });

  it('leaves nothing half-seeded when seeding fails midway, and seeds fully on the next try', async () => {
    const dataDir = await freshDataDir();
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    await (await openStore({ dataDir })).close();
    // Simulates the disk filling up after a hundred transactions (a SQLite trigger: the seed's one
    // transaction is the same code on both engines).
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON transactions
              WHEN (SELECT count(*) FROM transactions) >= 100
              BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    raw.close();
    const db = await openStore({ dataDir });
    await assert.rejects(seedDemoData(db), /disk full/);
    assert.deepEqual(await rowCounts(db), Object.fromEntries(TABLES.map((table) => [table, 0])));
    await db.close();

    const repaired = new Database(file);
    repaired.exec('DROP TRIGGER disk_full');
    repaired.close();
    const retried = await openStore({ dataDir });
    await seedDemoData(retried);
    assert.equal((await rowCounts(retried)).users, SEEDED_USERS);
    await retried.close();
  });

  it('adds the demo-traffic users to a store seeded before they existed, and nothing else', async () => {
    const store = await testStoreIn(await freshDataDir());
    const db = await openSeededStore(store);
    await db.executor.deleteFrom('users').where('id', 'like', 'usr_traffic_%').execute();
    const demoOnly = await rowCounts(db);
    const demoTransactions = await seededTransactions(db);
    await db.close();
    assert.equal(demoOnly.users, Object.keys(DEMO_USERS).length);

    const reopened = await openSeededStore(store);
    assert.equal((await rowCounts(reopened)).users, SEEDED_USERS);
    const trafficIds = new Set(DEMO_TRAFFIC_USERS.map((user) => user.userId));
    const kept = ((await seededTransactions(reopened)) as Array<{ user_id: string }>).filter((row) => !trafficIds.has(row.user_id));
    assert.deepEqual(kept, demoTransactions, "the demo users' story is left as it was");
    await reopened.close();
  });

  it('migrates a store whose cancelled transfer was booked as failed: its transaction reads cancelled, nothing else changes', async () => {
    const dataDir = await freshDataDir();
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    // The store as the release before the 'cancelled' ledger status left it, with Alice's held transfer cancelled.
    const earlier = await earlierSeededStore(dataDir, LEGACY_SQLITE_MIGRATIONS.slice(0, LEGACY_SQLITE_MIGRATIONS.indexOf(CANCELLED_LEDGER_STATUS)));
    const held = earlier
      .prepare(`SELECT id, transaction_id AS transactionId FROM transfers WHERE user_id = ? AND status = 'held'`)
      .get(DEMO_USERS.alice.userId) as { id: string; transactionId: string };
    earlier.prepare(`UPDATE transfers SET status = 'cancelled', cancelled_at = ? WHERE id = ?`).run(new Date().toISOString(), held.id);
    earlier.prepare(`UPDATE transactions SET status = 'failed' WHERE id = ?`).run(held.transactionId);
    const ledgerBefore = allTransactionRows(earlier);
    earlier.close();

    const backend = await startBackend({ port: 0, store: { dataDir }, logger: createLogger('silent') });
    try {
      const reply = await new Api(backend.url).get(buildPath(ApiPaths.transaction, { id: held.transactionId }), { token: DEMO_USERS.alice.token });
      assert.equal(reply.status, 200);
      assert.equal(reply.body.status, 'cancelled');
    } finally {
      await backend.close();
    }

    const migrated = new Database(file);
    assert.deepEqual(
      allTransactionRows(migrated),
      ledgerBefore.map((row) => (row.id === held.transactionId ? { ...row, status: 'cancelled' } : row)),
      'every other entry, the declined card payments included, is kept as it was',
    );
    const indexes = migrated.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'transactions'`).all();
    assert.ok(indexes.some((index) => (index as { name: string }).name === 'transactions_by_user_newest_first'));
    const transferKeys = migrated.pragma('foreign_key_list(transfers)') as Array<{ from: string; table: string }>;
    assert.equal(transferKeys.find((key) => key.from === 'transaction_id')?.table, 'transactions', 'transfers still reference the rebuilt table');
    migrated.close();
  });

  it("migrates a store from before delayed arrival's 'pending' transfers: every transfer kept, alerts still pointing at them", async () => {
    const dataDir = await freshDataDir();
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    const earlier = await earlierSeededStore(dataDir, LEGACY_SQLITE_MIGRATIONS.slice(0, LEGACY_SQLITE_MIGRATIONS.indexOf(DELAYED_ARRIVAL_PENDING)));
    const transfersBefore = earlier.prepare('SELECT * FROM transfers ORDER BY id').all() as Array<Record<string, unknown>>;
    assert.ok(transfersBefore.length > 0);
    earlier.close();

    const store = await openStore({ dataDir });
    const pragma = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(store.executor);
    assert.equal(pragma.rows[0]?.foreign_keys, 1, 'foreign keys are enforced again after migrating');
    await store.close();
    const migrated = new Database(file);
    assert.deepEqual(
      migrated.prepare('SELECT * FROM transfers ORDER BY id').all(),
      transfersBefore.map((row) => ({ ...row, arrives_at: null })),
    );
    const indexes = (migrated.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'transfers'`).all() as Array<{ name: string }>).map(
      (index) => index.name,
    );
    for (const name of ['transfers_by_user_payee', 'transfers_by_user_time', 'transfers_by_transaction', 'transfers_pending_by_arrival']) {
      assert.ok(indexes.includes(name), name);
    }
    const alertKeys = migrated.pragma('foreign_key_list(alerts)') as Array<{ from: string; table: string }>;
    assert.equal(alertKeys.find((key) => key.from === 'transfer_id')?.table, 'transfers', 'alerts still reference the rebuilt table');
    migrated.close();
  });
});

describe('backend: demo story', () => {
  it('gives every demo-traffic user the wallets, voice code and 90 days of the demo user it copies', async () => {
    const backend = await startTestBackend();
    try {
      for (const user of DEMO_TRAFFIC_USERS) {
        const like: DemoUser = DEMO_USERS[user.like];
        assert.deepEqual([user.locale, user.timeZone, user.wallets, user.voiceCode], [like.locale, like.timeZone, like.wallets, like.voiceCode]);
        const voiceSession = user.voiceCode === undefined ? undefined : await backend.api.voiceSession(user);
        const all: Transaction[] = await backend.api.allTransactions(user, '', voiceSession);
        assert.ok(all.length >= 60 && all.length <= 80, `${user.displayName}: ${all.length} transactions`);
        assert.ok(all.some((t) => t.currency === user.homeCurrency && Date.parse(t.bookedAt) > Date.now() - 7 * 24 * HOUR_MS));
      }
    } finally {
      await backend.close();
    }
  });

  it('gives every demo user the moments the demo conversations rely on', async () => {
    const backend = await startTestBackend();
    try {
      for (const user of Object.values(DEMO_USERS)) {
        const voiceSession = 'voiceCode' in user ? await backend.api.voiceSession(user) : undefined;
        const all: Transaction[] = await backend.api.allTransactions(user, '', voiceSession);
        const has = (what: string, test: (transaction: Transaction) => boolean) => assert.ok(all.some(test), `${user.displayName} has ${what}`);

        assert.ok(all.length >= 60 && all.length <= 80, `${user.displayName}: ${all.length} transactions`);
        has(
          'a card payment declined in the last 24 hours',
          (t) => t.kind === 'card_payment' && t.status === 'failed' && Date.parse(t.bookedAt) > Date.now() - 24 * HOUR_MS,
        );
        has('a pending top-up', (t) => t.kind === 'top_up' && t.status === 'pending');
        has(
          'a refund of a refunded payment',
          (t) => t.kind === 'refund' && all.some((p) => p.status === 'refunded' && p.counterparty === t.counterparty && p.amountMinor === t.amountMinor),
        );
        has('an exchange out of the home currency', (t) => t.kind === 'exchange' && t.currency === user.homeCurrency);
        has('Starbucks yesterday or today', (t) => t.counterparty === 'Starbucks' && Date.parse(t.bookedAt) > Date.now() - 48 * HOUR_MS);
        has('transfers to and from people', (t) => t.kind === 'transfer' && t.direction === 'credit');
        has('a name or memo with "&" or "<"', (t) => /[&<]/.test(`${t.counterparty} ${t.memo ?? ''}`));
        assert.ok(new Set(all.map((t) => t.country).filter(Boolean)).size >= 2, `${user.displayName} travels`);
        for (const wallet of user.wallets) {
          has(`a ${wallet.currency} transaction`, (t) => t.currency === wallet.currency);
        }
      }
    } finally {
      await backend.close();
    }
  });
});
