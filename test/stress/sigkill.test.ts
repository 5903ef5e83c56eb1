/**
 * Kills the backend with SIGKILL in the middle of a burst of transfers, fraud reports and alert
 * decisions, restarts it on the same SQLite file, and checks that every write it acknowledged is
 * there and that nothing is half-written (a transfer without its ledger entry, money moved without
 * a transfer, a decision without its state change, a report without its audit row).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ApiPaths, buildPath, FraudReportPaths, IDEMPOTENCY_KEY_HEADER, TransferPaths } from '../../src/shared/contract/api';
import { DATABASE_FILE_NAME } from '../../src/backend/db/store';
import { DEMO_FRIEND_ACCOUNTS } from '../../src/backend/seed/anti-fraud';
import { Api, DEMO_USERS, makeDataDir } from '../backend/support';
import { startBackendProcess, type BackendProcess } from './support';

const USERS = [
  { user: DEMO_USERS.alice, currency: 'USD', friend: { name: 'Emma Johnson', account: DEMO_FRIEND_ACCOUNTS.alice['Emma Johnson'] } },
  { user: DEMO_USERS.sofia, currency: 'MXN', friend: { name: 'Diego Hernández', account: DEMO_FRIEND_ACCOUNTS.sofia['Diego Hernández'] } },
  { user: DEMO_USERS.yuki, currency: 'JPY', friend: { name: 'Kenji Watanabe', account: DEMO_FRIEND_ACCOUNTS.yuki['Kenji Watanabe'] } },
] as const;
const WORKERS_PER_USER = 6;

interface Acked {
  transfers: Map<string, { userId: string; key: string; status: string; alertId?: string }>;
  reports: Set<string>;
  /** Alert id → the transfer it held, for decisions acknowledged. */
  decisions: Map<string, string>;
}

interface Pending {
  user: (typeof USERS)[number];
  key: string;
  body: unknown;
}

describe('reliability: SIGKILL during a burst of writes', function () {
  this.timeout(180_000);
  let dataDir: string;
  let backend: BackendProcess | undefined;

  before(async () => {
    dataDir = await makeDataDir();
  });
  after(async () => {
    await backend?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged transfer, report or decision, and leaves nothing half-written', async () => {
    backend = await startBackendProcess(dataDir);
    let api = new Api(backend.url);

    const before = new Map<string, number>();
    for (const { user, currency } of USERS) {
      const reply = await api.get(`${ApiPaths.balances}?currency=${currency}`, { token: user.token });
      before.set(user.token, reply.body.balances[0].availableMinor);
    }
    const seededTransfers = new Set(
      new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true }).prepare('SELECT id FROM transfers').pluck().all() as string[],
    );

    const acked: Acked = { transfers: new Map(), reports: new Set(), decisions: new Map() };
    const inFlight = new Map<string, Pending>();
    let killed = false;
    const refusals: string[] = [];
    let sent = 0;

    const worker = async (entry: (typeof USERS)[number], index: number) => {
      for (let round = 0; !killed; round += 1) {
        try {
          const scam = (round + index) % 2 === 0;
          const key = randomUUID();
          const body = {
            payee: scam ? { name: 'Star Task Hub', account: `+44 7700 9${String(index * 1000 + round).padStart(5, '0')}` } : entry.friend,
            amountMinor: 100 + round,
            currency: entry.currency,
            memo: scam ? 'task commission unlock fee' : 'dinner',
            channel: 'voice_assistant',
          };
          inFlight.set(key, { user: entry, key, body });
          sent += 1;
          const transfer = await api.post(TransferPaths.transfers, body, {
            token: entry.user.token,
            headers: { [IDEMPOTENCY_KEY_HEADER]: key },
          });
          if (transfer.status === 201) {
            inFlight.delete(key);
            acked.transfers.set(transfer.body.id, {
              userId: entry.user.token,
              key,
              status: transfer.body.status,
              alertId: transfer.body.alertId,
            });
            if (transfer.body.alertId) {
              const decision = await api.post(
                buildPath(TransferPaths.alertDecision, { id: transfer.body.alertId }),
                { decision: 'cancel', emotions: ['anxious'], scriptVariants: ['task_scam.anxious.empathetic'], confirmedTwice: false },
                { token: entry.user.token },
              );
              if (decision.status === 200) acked.decisions.set(transfer.body.alertId, transfer.body.id);
              else assert.fail(`decision refused: ${decision.status} ${decision.text}`);
            }
          } else {
            assert.fail(`transfer refused: ${transfer.status} ${transfer.text}`);
          }
          if (round % 3 === 0) {
            const report = await api.post(
              FraudReportPaths.fraudReports,
              { scamType: 'impersonation', description: `burst ${index}/${round}`, channel: 'voice_assistant' },
              { token: entry.user.token, headers: { [IDEMPOTENCY_KEY_HEADER]: randomUUID() } },
            );
            if (report.status === 201) acked.reports.add(report.body.reference);
            else assert.fail(`report refused: ${report.status} ${report.text}`);
          }
        } catch (error) {
          // After the kill: the connection died with the process, the outcome is unknown.
          if (!killed) refusals.push(error instanceof Error ? error.message : String(error));
          return;
        }
      }
    };

    const workers = USERS.flatMap((entry) => Array.from({ length: WORKERS_PER_USER }, (_unused, index) => worker(entry, index)));
    // Kill once a good number of writes are acknowledged, with many still in flight.
    const started = Date.now();
    while (acked.transfers.size < 60 && refusals.length === 0 && Date.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    killed = true;
    backend.child.kill('SIGKILL');
    await backend.exited;
    assert.equal(backend.child.signalCode, 'SIGKILL');
    await Promise.allSettled(workers);
    assert.deepEqual(refusals, [], 'writes were refused before the kill');
    const ackedAtKill = { transfers: acked.transfers.size, reports: acked.reports.size, decisions: acked.decisions.size };
    assert.ok(ackedAtKill.transfers >= 60 && ackedAtKill.reports > 0 && ackedAtKill.decisions > 0, JSON.stringify(ackedAtKill));
    process.stdout.write(`      killed after ${sent} transfers sent: ${JSON.stringify(ackedAtKill)} acknowledged, ${inFlight.size} in flight\n`);

    backend = await startBackendProcess(dataDir);
    api = new Api(backend.url);

    // Every acknowledged write is there, as it was acknowledged.
    for (const [id, transfer] of acked.transfers) {
      const reply = await api.get(buildPath(TransferPaths.transfer, { id }), { token: transfer.userId });
      assert.equal(reply.status, 200, `acknowledged transfer ${id} lost: ${reply.text}`);
      if (transfer.alertId && acked.decisions.has(transfer.alertId)) {
        assert.equal(reply.body.status, 'cancelled', `acknowledged cancellation of ${id} lost`);
      } else if (transfer.alertId) {
        // A decision may have been in flight at the kill: done or not, never anything else.
        assert.ok(['held', 'cancelled'].includes(reply.body.status), `transfer ${id} is ${reply.body.status}`);
      } else {
        assert.equal(reply.body.status, transfer.status);
      }
    }
    for (const reference of acked.reports) {
      let found = false;
      for (const { user } of USERS) {
        const reply = await api.get(buildPath(FraudReportPaths.fraudReport, { reference }), { token: user.token });
        if (reply.status === 200) found = true;
      }
      assert.ok(found, `acknowledged fraud report ${reference} lost`);
    }
    for (const [alertId, transferId] of acked.decisions) {
      const owner = acked.transfers.get(transferId);
      const reply = await api.get(buildPath(TransferPaths.alert, { id: alertId }), { token: owner?.userId });
      assert.equal(reply.status, 200);
      assert.equal(reply.body.status, 'cancelled', `acknowledged decision on ${alertId} lost`);
    }

    // Requests whose answer died with the process: retried with the same key, each exists once.
    for (const pending of inFlight.values()) {
      const retry = await api.post(TransferPaths.transfers, pending.body, {
        token: pending.user.user.token,
        headers: { [IDEMPOTENCY_KEY_HEADER]: pending.key },
      });
      assert.ok(retry.status === 201 || retry.status === 200, `retry after restart: ${retry.status} ${retry.text}`);
    }
    await backend.stop();
    backend = undefined;

    // The store itself: intact, and no record without its other half.
    const db = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      const duplicates = db.prepare('SELECT user_id, idempotency_key, count(*) AS n FROM transfers GROUP BY 1, 2 HAVING n > 1').all();
      assert.deepEqual(duplicates, [], 'a retried transfer was booked twice');

      const transfers = db
        .prepare(
          `SELECT t.id, t.user_id, t.status, t.amount_minor, t.currency, x.status AS ledger, x.amount_minor AS ledger_amount,
                  a.status AS alert, (SELECT count(*) FROM alert_decisions d WHERE d.alert_id = a.id) AS decisions,
                  (SELECT count(*) FROM audit_log l WHERE l.entity_id = t.id) AS audits
           FROM transfers t JOIN transactions x ON x.id = t.transaction_id LEFT JOIN alerts a ON a.transfer_id = t.id`,
        )
        .all() as Array<{
        id: string;
        user_id: string;
        status: string;
        amount_minor: number;
        currency: string;
        ledger: string;
        ledger_amount: number;
        alert: string | null;
        decisions: number;
        audits: number;
      }>;
      const burst = transfers.filter((transfer) => !seededTransfers.has(transfer.id));
      assert.ok(burst.length >= acked.transfers.size);
      for (const transfer of burst) {
        assert.equal(transfer.ledger_amount, transfer.amount_minor, `ledger of ${transfer.id}`);
        assert.equal(transfer.ledger, { held: 'pending', settled: 'completed', cancelled: 'cancelled' }[transfer.status], `ledger status of ${transfer.id}`);
        assert.ok(transfer.audits > 0, `transfer ${transfer.id} without its audit row`);
        if (transfer.status === 'held') assert.equal(transfer.alert, 'open', `held transfer ${transfer.id} without an open alert`);
        if (transfer.status === 'cancelled') {
          assert.equal(transfer.alert, 'cancelled');
          assert.ok(transfer.decisions > 0, `cancelled transfer ${transfer.id} without its decision`);
        }
      }
      const reports = db
        .prepare('SELECT r.reference, (SELECT count(*) FROM audit_log l WHERE l.entity_id = r.reference) AS audits FROM fraud_reports r')
        .all() as Array<{ reference: string; audits: number }>;
      for (const report of reports) assert.ok(report.audits > 0, `fraud report ${report.reference} without its audit row`);

      // Money: each wallet moved by exactly the transfers that exist and were not cancelled.
      const usersByToken = new Map(
        (db.prepare('SELECT token_hash, user_id FROM api_tokens').all() as Array<{ token_hash: string; user_id: string }>).map((row) => [
          row.token_hash,
          row.user_id,
        ]),
      );
      for (const { user, currency } of USERS) {
        const { createHash } = await import('node:crypto');
        const userId = usersByToken.get(createHash('sha256').update(user.token, 'utf8').digest('hex'));
        const spent = burst
          .filter((transfer) => transfer.user_id === userId && transfer.currency === currency && transfer.status !== 'cancelled')
          .reduce((sum, transfer) => sum + transfer.amount_minor, 0);
        const available = db.prepare('SELECT available_minor FROM wallets WHERE user_id = ? AND currency = ?').pluck().get(userId, currency) as number;
        assert.equal(available, (before.get(user.token) ?? 0) - spent, `${user.displayName}'s ${currency} wallet`);
      }
    } finally {
      db.close();
    }
  });
});
