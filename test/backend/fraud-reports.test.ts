import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import {
  ApiPaths,
  buildPath,
  FraudReport,
  FraudReportPaths,
  FraudReportsResponse,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  isFraudReference,
  type CreateFraudReportRequest,
  type Transaction,
} from '../../src/shared/contract/api';
import { DATABASE_FILE_NAME } from '../../src/backend/db/store';
import { CHEN_FRAUD_REPORT } from '../../src/backend/seed/protection';
import { addDays, localDateOf, localHourOf } from '../../src/shared/time/local-time';
import {
  auditRowsOf,
  availableMinor,
  failAfterAuditOf,
  fileFraudReport,
  fraudTeam,
  postFraudReport,
  postTransfer,
  startAntiFraudBackend,
  type AntiFraudBackend,
} from './anti-fraud-support';
import { DEMO_USERS } from './support';

const { alice, bruno, chen, sofia, yuki } = DEMO_USERS;
const DAY_MS = 86_400_000;

/** The day `days` after the report's last change, in the user's time zone: how expectedBy is written. */
const daysAfterUpdate = (report: { updatedAt: string }, days: number, timeZone: string) => addDays(localDateOf(new Date(report.updatedAt), timeZone), days);

/**
 * The wall clock, moved back to the evening before when it is night for Alice: the risk engine
 * scores night-time transfers higher, and these tests need their transfers settled at any hour.
 */
function daytimeClock(timeZone: string): () => Date {
  const hour = localHourOf(new Date(), timeZone);
  const offsetMs = hour < 6 ? -(hour + 2) * 3_600_000 : 0;
  return () => new Date(Date.now() + offsetMs);
}

describe('backend: fraud reports', () => {
  let backend: AntiFraudBackend;
  const now = daytimeClock(alice.timeZone);
  before(async () => {
    backend = await startAntiFraudBackend({ now });
  });
  after(() => backend.close());

  /** How many rows a query counting them as `n` finds. */
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: number }> }): Promise<number> => (await query.executeTakeFirstOrThrow()).n;
  const rowsOf = (table: 'fraud_reports' | 'fund_recoveries' | 'payee_reports' | 'audit_log') =>
    backend.db.executor.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  const reportsWithKey = (key: string) => count(rowsOf('fraud_reports').where('idempotency_key', '=', key));
  const getReport = (reference: string, token = alice.token) => backend.api.get(buildPath(FraudReportPaths.fraudReport, { reference }), { token });

  /** A transfer Alice makes now to someone she never paid (low risk: it settles at once). */
  async function settledTransfer(account: string, amountMinor = 8_000): Promise<Transfer> {
    const reply = await postTransfer(backend.api, alice, {
      payee: { name: 'Kim Lee', account },
      amountMinor,
      currency: 'USD',
      memo: 'Concert tickets',
      channel: 'mobile_app',
    });
    assert.equal(reply.body.status, 'settled', reply.text);
    return reply.body;
  }
  type Transfer = { id: string; transactionId: string };

  it('files a report without a payment: 201, a reference with a check digit, "received" and a review date', async () => {
    const reply = await postFraudReport(backend.api, alice, {
      scamType: 'impersonation',
      description: '  A caller said he was from customer service and asked for my code  ',
      channel: 'voice_assistant',
    });
    assert.equal(reply.status, 201);
    const report = FraudReport.strict().parse(reply.body);
    assert.match(report.reference, /^[1-9][0-9]{7}$/);
    assert.ok(isFraudReference(report.reference));
    assert.equal(report.status, 'received');
    assert.equal(report.scamType, 'impersonation');
    assert.equal(report.description, 'A caller said he was from customer service and asked for my code');
    assert.equal(report.channel, 'voice_assistant');
    assert.equal(report.transactionId, undefined);
    assert.equal(report.recovery, undefined);
    assert.equal(report.nextStep, 'review');
    assert.equal(report.expectedBy, daysAfterUpdate(report, 5, alice.timeZone));
    assert.equal(report.updatedAt, report.createdAt);
    assert.ok(Math.abs(Date.parse(report.createdAt) - now().getTime()) < 60_000);

    assert.deepEqual((await getReport(report.reference)).body, report);
    const audit = await auditRowsOf(backend.db, report.reference);
    assert.deepEqual(
      audit.map(({ action, actor, user_id, entity_type }) => ({ action, actor, user_id, entity_type })),
      [{ action: 'fraud_report.created', actor: 'user', user_id: alice.userId, entity_type: 'fraud_report' }],
    );
    assert.deepEqual(JSON.parse(audit[0].details ?? '{}'), {
      before: null,
      after: { status: 'received', scamType: 'impersonation' },
      channel: 'voice_assistant',
    });
  });

  it('asks the receiving side to freeze a transfer made within 72 hours, and warns the payee’s next payers', async () => {
    const account = '+1 646 555 0111';
    const transfer = await settledTransfer(account);
    const reply = await postFraudReport(backend.api, alice, {
      transactionId: transfer.transactionId,
      scamType: 'investment',
      channel: 'web',
    });
    assert.equal(reply.status, 201);
    const report = FraudReport.strict().parse(reply.body);
    assert.equal(report.transactionId, transfer.transactionId);
    assert.equal(report.status, 'received');
    assert.deepEqual(report.recovery, { method: 'payee_freeze', status: 'requested' });
    assert.equal(report.nextStep, 'await_payee_bank');
    assert.equal(report.expectedBy, daysAfterUpdate(report, 2, alice.timeZone));
    const freeze = await backend.db.executor.selectFrom('fund_recoveries').selectAll().where('reference', '=', report.reference).executeTakeFirstOrThrow();
    assert.equal(freeze.amount_minor, 8_000);
    assert.equal(freeze.currency, 'USD');
    assert.equal(typeof freeze.payee_key, 'string');

    // Sofía now pays the same account: the risk engine knows it was reported.
    const toReported = await postTransfer(backend.api, sofia, {
      payee: { name: 'Kim Lee', account },
      amountMinor: 50_000,
      currency: 'MXN',
      channel: 'mobile_app',
    });
    assert.ok(
      toReported.body.risk.reasons.some((reason: { code: string }) => reason.code === 'payee_reported'),
      JSON.stringify(toReported.body.risk),
    );
  });

  it('disputes a card payment with a chargeback, and only reviews a transfer older than 72 hours', async () => {
    const history: Transaction[] = await backend.api.allTransactions(alice, '&direction=debit&status=completed');
    const card = history.find((transaction) => transaction.kind === 'card_payment');
    const oldTransfer = history.find((transaction) => transaction.kind === 'transfer' && Date.parse(transaction.bookedAt) < now().getTime() - 4 * DAY_MS);
    assert.ok(card && oldTransfer, 'the demo story has card payments and older transfers');

    const chargeback = (await postFraudReport(backend.api, alice, { transactionId: card.id, scamType: 'fake_app', channel: 'mobile_app' })).body;
    assert.deepEqual(chargeback.recovery, { method: 'chargeback', status: 'requested' });
    assert.equal(chargeback.nextStep, 'await_chargeback');
    assert.equal(chargeback.expectedBy, daysAfterUpdate(chargeback, 30, alice.timeZone));

    const tooLate = (await postFraudReport(backend.api, alice, { transactionId: oldTransfer.id, scamType: 'romance', channel: 'mobile_app' })).body;
    assert.equal(tooLate.recovery, undefined);
    assert.equal(tooLate.nextStep, 'review');
  });

  it('follows the case: funds frozen, then refunded into the wallet, with the ledger and the audit', async () => {
    const transfer = await settledTransfer('+1 646 555 0112', 12_500);
    const reference = await fileFraudReport(backend.api, alice, { transactionId: transfer.transactionId, scamType: 'task_scam' });
    const team = fraudTeam(backend.db);

    await team.changeStatus(reference, 'funds_frozen');
    const frozen: FraudReport = (await getReport(reference)).body;
    assert.equal(frozen.status, 'funds_frozen');
    assert.deepEqual(frozen.recovery, { method: 'payee_freeze', status: 'frozen' });
    assert.equal(frozen.nextStep, 'refund_pending');
    assert.equal(frozen.expectedBy, daysAfterUpdate(frozen, 3, alice.timeZone));
    assert.ok(frozen.updatedAt >= frozen.createdAt);

    const before = await availableMinor(backend.api, alice, 'USD');
    await team.changeStatus(reference, 'refunded');
    const refunded: FraudReport = (await getReport(reference)).body;
    assert.equal(refunded.status, 'refunded');
    assert.deepEqual(refunded.recovery, { method: 'payee_freeze', status: 'returned' });
    assert.equal(refunded.nextStep, 'none');
    assert.equal(refunded.expectedBy, undefined);
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before + 12_500);
    const payment = await backend.api.get(buildPath(ApiPaths.transaction, { id: transfer.transactionId }), { token: alice.token });
    assert.equal(payment.body.status, 'refunded');
    const [refund] = (await backend.api.get(`${ApiPaths.transactions}?limit=1`, { token: alice.token })).body.transactions;
    assert.deepEqual(
      { kind: refund.kind, direction: refund.direction, amountMinor: refund.amountMinor, memo: refund.memo },
      { kind: 'refund', direction: 'credit', amountMinor: 12_500, memo: `Fraud report ${reference}` },
    );

    const audit = await auditRowsOf(backend.db, reference);
    assert.deepEqual(
      audit.map((row) => [row.action, row.actor]),
      [
        ['fraud_report.created', 'user'],
        ['fraud_report.status_changed', 'system'],
        ['fraud_report.status_changed', 'system'],
      ],
    );
    assert.deepEqual(JSON.parse(audit[2].details ?? '{}'), {
      before: {
        status: 'funds_frozen',
        scamType: 'task_scam',
        transactionId: transfer.transactionId,
        recovery: { method: 'payee_freeze', status: 'frozen' },
      },
      after: {
        status: 'refunded',
        scamType: 'task_scam',
        transactionId: transfer.transactionId,
        recovery: { method: 'payee_freeze', status: 'returned' },
      },
    });

    await assert.rejects(team.changeStatus(reference, 'closed'), /cannot go from refunded to closed/);
    const withoutMoney = await fileFraudReport(backend.api, alice);
    await assert.rejects(team.changeStatus(withoutMoney, 'funds_frozen'), /asked nobody to freeze money/);
  });

  it('lists the reports newest first and tells the latest; a user without any gets a 404', async () => {
    const none = await backend.api.get(FraudReportPaths.latestFraudReport, { token: yuki.token });
    assert.equal(none.status, 404);
    assert.equal(none.body.error.code, 'not_found');
    assert.deepEqual((await backend.api.get(FraudReportPaths.fraudReports, { token: yuki.token })).body, { reports: [] });

    const first = await fileFraudReport(backend.api, yuki, { scamType: 'romance' });
    const second = await fileFraudReport(backend.api, yuki, { scamType: 'fake_app' });
    const list = FraudReportsResponse.strict().parse((await backend.api.get(FraudReportPaths.fraudReports, { token: yuki.token })).body);
    assert.deepEqual(
      list.reports.map((report) => report.reference),
      [second, first],
    );
    const latest = await backend.api.get(FraudReportPaths.latestFraudReport, { token: yuki.token });
    assert.equal(latest.status, 200);
    assert.deepEqual(latest.body, list.reports[0]);
  });

  it("gives Chen's seeded report, under review since yesterday, for the status dialogue", async () => {
    const latest: FraudReport = (await backend.api.get(FraudReportPaths.latestFraudReport, { token: chen.token })).body;
    assert.equal(latest.reference, CHEN_FRAUD_REPORT.reference);
    assert.equal(latest.status, 'under_review');
    assert.equal(latest.scamType, 'task_scam');
    assert.equal(latest.nextStep, 'review');
    assert.ok(Date.parse(latest.updatedAt) - Date.parse(latest.createdAt) >= DAY_MS - 60_000);
    assert.equal(latest.expectedBy, daysAfterUpdate(latest, 5, chen.timeZone));
  });

  it('returns the original report for a retried request, with 200, and files it once', async () => {
    const key = randomUUID();
    const body: CreateFraudReportRequest = { scamType: 'refund_scam', description: 'Fake refund call', channel: 'voice_assistant' };
    const first = await postFraudReport(backend.api, alice, body, { key });
    const retry = await postFraudReport(backend.api, alice, body, { key });
    assert.equal(first.status, 201);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get(IDEMPOTENT_REPLAY_HEADER), 'true');
    assert.equal(first.headers.get(IDEMPOTENT_REPLAY_HEADER), null);
    assert.deepEqual(retry.body, first.body);
    assert.equal(await count(rowsOf('fraud_reports').where('user_id', '=', alice.userId).where('idempotency_key', '=', key)), 1);
    assert.equal((await auditRowsOf(backend.db, first.body.reference)).length, 1);

    // The same key from another user is that user's own key.
    const sofias = await postFraudReport(backend.api, sofia, body, { key });
    assert.equal(sofias.status, 201);
    assert.notEqual(sofias.body.reference, first.body.reference);
  });

  it('files one report for duplicate requests sent at the same time', async () => {
    const key = randomUUID();
    const transfer = await settledTransfer('+1 646 555 0113');
    const body = { transactionId: transfer.transactionId, scamType: 'account_takeover', channel: 'voice_assistant' };
    const replies = await Promise.all(Array.from({ length: 8 }, () => postFraudReport(backend.api, alice, body, { key })));
    assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(replies.map((reply) => reply.body.reference)).size, 1);
    assert.equal(await reportsWithKey(key), 1);
    assert.equal(await count(rowsOf('fund_recoveries').where('reference', '=', replies[0].body.reference)), 1);
  });

  it('refuses a key reused for a different report with 409 conflict, filing nothing', async () => {
    const key = randomUUID();
    assert.equal((await postFraudReport(backend.api, alice, { scamType: 'other', channel: 'web' }, { key })).status, 201);
    const reused = await postFraudReport(backend.api, alice, { scamType: 'romance', channel: 'web' }, { key });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.code, 'conflict');
    assert.match(reused.body.error.message, /^Idempotency-Key: was already used for a different report/);
    assert.equal(await reportsWithKey(key), 1);
  });

  it('refuses a second report of the same payment with 409 conflict, naming the first report', async () => {
    const transfer = await settledTransfer('+1 646 555 0114');
    const reference = await fileFraudReport(backend.api, alice, { transactionId: transfer.transactionId });
    const again = await postFraudReport(backend.api, alice, { transactionId: transfer.transactionId, scamType: 'other', channel: 'web' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'conflict');
    assert.deepEqual(again.body.error.details, { field: 'transactionId', reference });
  });

  it('does not need the voice code: Bruno reports without it', async () => {
    const reply = await postFraudReport(backend.api, bruno, { scamType: 'impersonation', channel: 'voice_assistant' });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.expectedBy, daysAfterUpdate(reply.body, 5, bruno.timeZone));
  });

  it("answers 404 for another user's report and for an unknown reference", async () => {
    const reference = await fileFraudReport(backend.api, alice);
    const foreign = await getReport(reference, sofia.token);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'not_found');
    assert.equal((await getReport(CHEN_FRAUD_REPORT.reference, alice.token)).status, 404);
    assert.equal((await getReport('40718231')).status, 404);
    assert.equal((await getReport(reference)).status, 200);
  });

  for (const [what, reference] of [
    ['a misheard digit', '31415921'],
    ['two digits swapped', '13415920'],
    ['seven digits', '3141592'],
    ['letters', 'latest1'],
  ]) {
    it(`refuses a reference with ${what} with a 400 naming it`, async () => {
      const reply = await getReport(reference, chen.token);
      assert.equal(reply.status, 400);
      assert.match(reply.body.error.message, /^reference: must be the 8-digit number of a fraud report/);
    });
  }

  const valid = { scamType: 'task_scam', channel: 'voice_assistant' };
  const refusals: Array<[what: string, body: unknown, reason: RegExp]> = [
    ['no scam type', { channel: 'web' }, /^scamType: is required$/],
    [
      'an unknown scam type',
      { ...valid, scamType: 'lottery' },
      /^scamType: must be one of task_scam, impersonation, investment, romance, refund_scam, fake_app, account_takeover, other$/,
    ],
    ['no channel', { scamType: 'other' }, /^channel: is required$/],
    ['an unknown channel', { ...valid, channel: 'fax' }, /^channel: must be one of voice_assistant, mobile_app, web$/],
    ['a description over 1000 characters', { ...valid, description: 'x'.repeat(1001) }, /^description: must be at most 1000 characters$/],
    ['a description that is no text', { ...valid, description: 42 }, /^description: must be a string$/],
    ['an empty transaction id', { ...valid, transactionId: ' ' }, /^transactionId: must not be empty$/],
    ['a transaction id over 64 characters', { ...valid, transactionId: 'x'.repeat(65) }, /^transactionId: must be at most 64 characters$/],
    ['a made-up transaction id', { ...valid, transactionId: 'tx_0000000000000000' }, /^transactionId: is not a transaction of this user$/],
  ];
  for (const [what, body, reason] of refusals) {
    it(`refuses ${what} with a 400 naming the field, filing nothing`, async () => {
      const key = randomUUID();
      const reply = await postFraudReport(backend.api, alice, body, { key });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, reason);
      assert.equal(await reportsWithKey(key), 0);
    });
  }

  it("refuses another user's transaction as if it did not exist", async () => {
    const [sofiasPayment] = await backend.api.allTransactions(sofia, '&direction=debit');
    const reply = await postFraudReport(backend.api, alice, { ...valid, transactionId: sofiasPayment.id });
    assert.equal(reply.status, 400);
    assert.match(reply.body.error.message, /^transactionId: is not a transaction of this user$/);
  });

  for (const [what, headers, reason] of [
    ['without an Idempotency-Key', {}, /^Idempotency-Key: is required/],
    ['with an empty Idempotency-Key', { [IDEMPOTENCY_KEY_HEADER]: '' }, /^Idempotency-Key: must be 1 to 100 visible ASCII characters$/],
    ['with an Idempotency-Key over 100 characters', { [IDEMPOTENCY_KEY_HEADER]: 'k'.repeat(101) }, /^Idempotency-Key: must be 1 to 100/],
  ] as const) {
    it(`refuses a report ${what}, naming the header`, async () => {
      const reply = await backend.api.post(FraudReportPaths.fraudReports, valid, { token: alice.token, headers });
      assert.equal(reply.status, 400);
      assert.match(reply.body.error.message, reason);
    });
  }

  it('accepts a one-character and a 100-character Idempotency-Key', async () => {
    for (const key of ['k', 'K'.repeat(100)]) {
      assert.equal((await postFraudReport(backend.api, sofia, valid, { key })).status, 201);
    }
  });

  it('asks for a token on every fraud report endpoint', async () => {
    for (const [method, path] of [
      ['POST', FraudReportPaths.fraudReports],
      ['GET', FraudReportPaths.fraudReports],
      ['GET', FraudReportPaths.latestFraudReport],
      ['GET', buildPath(FraudReportPaths.fraudReport, { reference: CHEN_FRAUD_REPORT.reference })],
    ] as const) {
      assert.equal((await backend.api.call(method, path, { body: valid })).status, 401, `${method} ${path}`);
    }
  });

  it('writes the report and its audit row in one transaction: a failure after both leaves neither', async () => {
    const transfer = await settledTransfer('+1 646 555 0115');
    const key = randomUUID();
    const body = { transactionId: transfer.transactionId, scamType: 'investment', channel: 'voice_assistant' };
    const payeeReports = () => count(rowsOf('payee_reports').where('reporter_id', '=', alice.userId));
    const [reportsBefore, auditBefore, payeeReportsBefore] = [await count(rowsOf('fraud_reports')), await count(rowsOf('audit_log')), await payeeReports()];
    const heal = await failAfterAuditOf(backend.db, 'fraud_report.created');
    try {
      const failed = await postFraudReport(backend.api, alice, body, { key });
      assert.equal(failed.status, 500);
      assert.equal(failed.body.error.code, 'internal');
    } finally {
      await heal();
    }
    assert.equal(await count(rowsOf('fraud_reports')), reportsBefore);
    assert.equal(await count(rowsOf('fund_recoveries').where('reference', 'not in', (eb) => eb.selectFrom('fraud_reports').select('reference'))), 0);
    assert.equal(await count(rowsOf('audit_log')), auditBefore);
    assert.equal(await payeeReports(), payeeReportsBefore);

    // Nothing was kept, not even the key: the retry files the report.
    const retry = await postFraudReport(backend.api, alice, body, { key });
    assert.equal(retry.status, 201);
    assert.equal((await auditRowsOf(backend.db, retry.body.reference)).length, 1);
  });

  it('answers 201 only once the report is committed, with every commit synced to disk', async () => {
    const { store } = backend;
    if (store.databaseUrl === undefined) {
      const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(backend.db.executor);
      assert.equal(rows[0]?.synchronous, 2, 'PRAGMA synchronous = FULL');
    } else {
      const { rows } = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(backend.db.executor);
      assert.equal(rows[0]?.synchronous_commit, 'on', 'synchronous_commit = on');
    }
    const reference = await fileFraudReport(backend.api, alice);
    // Another connection sees only committed data.
    if (store.databaseUrl === undefined) {
      const reader = new Database(path.join(store.dataDir, DATABASE_FILE_NAME), { readonly: true });
      try {
        assert.deepEqual(reader.prepare('SELECT status FROM fraud_reports WHERE reference = ?').get(reference), { status: 'received' });
      } finally {
        reader.close();
      }
    } else {
      const reader = new pg.Client(store.databaseUrl);
      await reader.connect();
      try {
        assert.deepEqual((await reader.query('SELECT status FROM fraud_reports WHERE reference = $1', [reference])).rows, [{ status: 'received' }]);
      } finally {
        await reader.end();
      }
    }
  });
});

describe('backend: fraud reports on a fixed clock', () => {
  it("promises the next step by a day in the user's own time zone", async () => {
    // 23:30 UTC: already the next day in Berlin and Tokyo, still the same day in New York.
    const backend = await startAntiFraudBackend({ now: () => new Date('2026-11-27T23:30:00.000Z') });
    try {
      const expectedBy = async (user: typeof alice) => (await postFraudReport(backend.api, user, { scamType: 'other', channel: 'web' })).body.expectedBy;
      assert.equal(await expectedBy(alice), '2026-12-02');
      assert.equal(await expectedBy(bruno), '2026-12-03');
      assert.equal(await expectedBy(yuki), '2026-12-03');
    } finally {
      await backend.close();
    }
  });
});
