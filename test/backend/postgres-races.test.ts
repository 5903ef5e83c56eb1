/**
 * Two backend processes on one PostgreSQL database, raced: what must hold when a user's requests
 * (a retry, a guess, a decision, a cancel) land on different instances at the same moment.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { ApiPaths, buildPath, IDEMPOTENCY_KEY_HEADER, SettingsPaths, TransferPaths, type AlertDecisionRequest } from '../../src/shared/contract/api';
import { startBackendProcess, type BackendProcess } from '../stress/support';
import { requireService } from '../support/services';
import { freshPostgresStore, POSTGRES_URL } from '../support/store';
import { availableMinor, scamTransfer } from './anti-fraud-support';
import { DEMO_TRAFFIC_USERS } from '../../src/shared/demo-users';
import { Api, DEMO_USERS, makeDataDir, type Reply } from './support';

const { alice, sofia, bruno, yuki } = DEMO_USERS;

describe('backend: two instances on one PostgreSQL database', function () {
  this.timeout(120_000);
  let dataDir: string;
  let instances: BackendProcess[] = [];
  let one: Api;
  let other: Api;
  let database: pg.Client;

  before(async function () {
    await requireService(this, 'PostgreSQL', POSTGRES_URL);
    dataDir = await makeDataDir();
    const { databaseUrl } = await freshPostgresStore();
    // Both start on the new database at once: one migrates and seeds, the other waits for it.
    const env = { DATABASE_URL: databaseUrl, SETTLEMENT_SWEEP_SECONDS: '1' };
    instances = await Promise.all([startBackendProcess(dataDir, env), startBackendProcess(dataDir, env)]);
    [one, other] = instances.map((instance) => new Api(instance.url));
    database = new pg.Client(databaseUrl);
    await database.connect();
  });

  after(async () => {
    await database?.end();
    await Promise.all(instances.map((instance) => instance.stop()));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const count = async (query: string, values: unknown[]): Promise<number> => Number((await database.query(query, values)).rows[0].n);

  it('seeded the demo users once although both instances started on the empty database together', async () => {
    assert.equal(await count('SELECT count(*) AS n FROM users WHERE id = $1', [alice.userId]), 1);
    assert.equal(await count(`SELECT count(*) AS n FROM transfers WHERE user_id = $1 AND status = 'held'`, [alice.userId]), 1);
  });

  it('makes one transfer of one Idempotency-Key sent to both instances at once, debited once', async () => {
    const before = await availableMinor(one, sofia, 'USD');
    const body = { payee: { name: 'Lena Vogel', account: 'DE89 3704 0044 0532 0130 00' }, amountMinor: 700, currency: 'USD', channel: 'mobile_app' };
    for (let round = 0; round < 5; round += 1) {
      const key = randomUUID();
      const send = (api: Api) => api.post(TransferPaths.transfers, body, { token: sofia.token, headers: { [IDEMPOTENCY_KEY_HEADER]: key } });
      const replies = await Promise.all([send(one), send(other)]);
      assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 201], replies.map((reply) => reply.text).join('\n'));
      assert.equal(replies[0]!.body.id, replies[1]!.body.id, 'both answers name the same transfer');
      assert.equal(await count('SELECT count(*) AS n FROM transfers WHERE user_id = $1 AND idempotency_key = $2', [sofia.userId, key]), 1);
    }
    assert.equal(await availableMinor(other, sofia, 'USD'), before - 5 * 700);
  });

  it('locks a voice code after exactly three wrong codes, however they are split between the instances', async () => {
    const guesses = await Promise.all(
      [one, other, one, other, one, other].map((api, index) => api.post(ApiPaths.voiceCodeVerify, { code: `900${index}` }, { token: bruno.token })),
    );
    const results = guesses.map((reply) => {
      assert.equal(reply.status, 200, reply.text);
      return reply.body.result as string;
    });
    assert.equal(results.filter((result) => result === 'wrong').length, 2, results.join(','));
    assert.equal(results.filter((result) => result === 'locked').length, 4, 'the third wrong code locks; the three after it are not even checked');
    assert.equal(await count('SELECT failed_attempts AS n FROM voice_codes WHERE user_id = $1', [bruno.userId]), 3);
    const right = await other.post(ApiPaths.voiceCodeVerify, { code: bruno.voiceCode }, { token: bruno.token });
    assert.equal(right.body.result, 'locked', 'the right code no longer opens a session');
  });

  it('lets one of two decisions on the same held transfer win: cancelled on one instance, never also sent on the other', async () => {
    for (let round = 0; round < 3; round += 1) {
      const before = await availableMinor(one, alice, 'USD');
      const held = await one.post(TransferPaths.transfers, scamTransfer(), { token: alice.token, headers: { [IDEMPOTENCY_KEY_HEADER]: randomUUID() } });
      assert.equal(held.body.status, 'held', held.text);
      const alertId: string = held.body.alertId;
      await other.post(buildPath(TransferPaths.alertWarningHeard, { id: alertId }), undefined, { token: alice.token });
      const decide = (api: Api, request: Partial<AlertDecisionRequest>): Promise<Reply> =>
        api.post(
          buildPath(TransferPaths.alertDecision, { id: alertId }),
          { emotions: ['anxious'], scriptVariants: ['task_scam.anxious.empathetic'], confirmedTwice: true, ...request },
          { token: alice.token },
        );
      const [cancel, proceed] = await Promise.all([decide(one, { decision: 'cancel' }), decide(other, { decision: 'proceed' })]);
      assert.deepEqual([cancel.status, proceed.status].sort(), [200, 409], `${cancel.text}\n${proceed.text}`);
      const transfer = (await one.get(buildPath(TransferPaths.transfer, { id: held.body.id }), { token: alice.token })).body;
      const winner = cancel.status === 200 ? 'cancelled' : 'settled';
      assert.equal(transfer.status, winner);
      assert.equal(
        await availableMinor(other, alice, 'USD'),
        winner === 'cancelled' ? before : before - 2_500,
        'the money moved once, the way the winner said',
      );
      assert.equal(await count('SELECT count(*) AS n FROM alert_decisions WHERE alert_id = $1', [alertId]), 1);
    }
  });

  it('settles a delayed transfer or cancels it, never both, when the cancel meets the settlement of either instance', async () => {
    // Users without a voice code, each paying one new payee (several new payees at once would be held).
    const payers = [sofia, yuki, ...DEMO_TRAFFIC_USERS.filter((user) => ['alice', 'sofia', 'yuki'].includes(user.like))];
    const outcomes: string[] = [];
    for (const [round, payer] of payers.entries()) {
      const turnOn = await one.put(SettingsPaths.settings, { delayedArrival: { enabled: true, hours: 2 } }, { token: payer.token });
      assert.equal(turnOn.status, 200, turnOn.text);
      const before = await availableMinor(one, payer, 'USD');
      const reply = await other.post(
        TransferPaths.transfers,
        { payee: { name: 'Nora Klein', account: `+1 718 555 01${String(round).padStart(2, '0')}` }, amountMinor: 300, currency: 'USD', channel: 'mobile_app' },
        { token: payer.token, headers: { [IDEMPOTENCY_KEY_HEADER]: randomUUID() } },
      );
      assert.equal(reply.body.status, 'pending', reply.text);
      // Its arrival time comes now: both instances' sweeps (every second) reach for it while the user cancels.
      await database.query('UPDATE transfers SET arrives_at = $1 WHERE id = $2', [new Date().toISOString(), reply.body.id]);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 1000)));
      const cancel = await (round % 2 === 0 ? one : other).post(buildPath(TransferPaths.transferCancel, { id: reply.body.id }), {}, { token: payer.token });
      assert.ok([200, 409].includes(cancel.status), cancel.text);
      let status: string;
      for (;;) {
        status = (await database.query('SELECT status FROM transfers WHERE id = $1', [reply.body.id])).rows[0].status;
        if (status !== 'pending') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(status, cancel.status === 200 ? 'cancelled' : 'settled');
      const endings = await database.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action IN ('transfer.settled', 'transfer.cancelled')`, [
        reply.body.id,
      ]);
      assert.deepEqual(
        endings.rows.map((row) => row.action),
        [`transfer.${status}`],
        'one ending, recorded once',
      );
      assert.equal(await availableMinor(other, payer, 'USD'), status === 'settled' ? before - 300 : before, 'the money left only if it arrived');
      outcomes.push(status);
    }
    // Both endings were reached (the cancel lands before or after the sweeps, at random), each exactly once.
    process.stdout.write(
      `      delayed transfers raced: ${outcomes.filter((status) => status === 'settled').length} settled, ${outcomes.filter((status) => status === 'cancelled').length} cancelled\n`,
    );
  });
});
