import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import {
  AccountFreezePaths,
  ApiPaths,
  buildPath,
  IDEMPOTENT_REPLAY_HEADER,
  SettingsPaths,
  Transfer,
  TransferPaths,
  type Balance,
  type Transaction,
} from '../../src/shared/contract/api';
import { DEMO_FRIEND_ACCOUNTS, DEMO_SCAM_ACCOUNTS } from '../../src/backend/seed/anti-fraud';
import { createLogger } from '../../src/shared/logger';
import { auditRowsOf, availableMinor, holdTransfer, postTransfer, scamTransfer, startAntiFraudBackend, type AntiFraudBackend } from './anti-fraud-support';
import { DEMO_USERS } from './support';

const { alice, bruno } = DEMO_USERS;
const HOUR_MS = 3_600_000;

describe('backend: transfers', () => {
  let backend: AntiFraudBackend;
  const logLines: string[] = [];
  before(async () => {
    const destination: DestinationStream = { write: (line: string) => logLines.push(line) };
    backend = await startAntiFraudBackend({ logger: createLogger('debug', destination) });
  });
  after(() => backend.close());

  const codes = (transfer: Transfer) => transfer.risk.reasons.map((reason) => reason.code).sort();

  it('settles a payment to a friend Alice has paid before at once, with a low score', async () => {
    const history = await backend.api.allTransactions(alice, '&direction=debit&status=completed');
    const friend = history.find((transaction) => transaction.kind === 'transfer')?.counterparty;
    assert.ok(friend !== undefined, 'the demo story pays a friend');
    const before = await availableMinor(backend.api, alice, 'USD');

    const reply = await postTransfer(backend.api, alice, {
      payee: { name: friend, account: DEMO_FRIEND_ACCOUNTS.alice[friend] },
      amountMinor: 9_500,
      currency: 'USD',
      memo: 'Rent share',
      channel: 'mobile_app',
    });
    assert.equal(reply.status, 201);
    const transfer = Transfer.strict().parse(reply.body);
    assert.equal(transfer.status, 'settled');
    assert.equal(transfer.risk.level, 'low');
    assert.ok(transfer.risk.score < 50);
    assert.ok(!codes(transfer).includes('first_transfer_to_payee'));
    assert.equal(transfer.alertId, undefined);
    assert.equal(transfer.holdUntil, undefined);
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before - 9_500);

    const ledger = await backend.api.get(buildPath(ApiPaths.transaction, { id: transfer.transactionId }), { token: alice.token });
    assert.equal((ledger.body as Transaction).status, 'completed');
    assert.equal((ledger.body as Transaction).counterparty, friend);
  });

  it('holds a task-scam transfer to a new payee, reserves the money and opens an alert', async () => {
    const before = await availableMinor(backend.api, alice, 'USD');
    const reply = await postTransfer(backend.api, alice, scamTransfer({ amountMinor: 10_000 }));
    assert.equal(reply.status, 201);
    const transfer = Transfer.strict().parse(reply.body);
    assert.equal(transfer.status, 'held');
    assert.equal(transfer.risk.level, 'high');
    assert.equal(transfer.risk.scamType, 'task_scam');
    assert.deepEqual(
      codes(transfer).filter((code) => code !== 'night_time'),
      ['first_transfer_to_payee', 'scam_wording'],
    );
    assert.equal(Date.parse(transfer.holdUntil ?? '') - Date.parse(transfer.createdAt), 2 * HOUR_MS);
    assert.equal(transfer.holdExpired, false);
    assert.ok(transfer.alertId);

    // Reserved: not spendable, and shown as a pending debit.
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before - 10_000);
    const ledger = await backend.api.get(buildPath(ApiPaths.transaction, { id: transfer.transactionId }), { token: alice.token });
    assert.equal(ledger.body.status, 'pending');

    const alert = await backend.api.get(buildPath(TransferPaths.alert, { id: transfer.alertId }), { token: alice.token });
    assert.equal(alert.status, 200);
    assert.equal(alert.body.status, 'open');
    assert.deepEqual(alert.body.transfer, transfer);
  });

  it('writes the hold and the alert to the audit log, and records the notifications', async () => {
    const transfer = await holdTransfer(backend.api, alice);
    const transferAudit = await auditRowsOf(backend.db, transfer.id);
    assert.deepEqual(
      transferAudit.map(({ action, actor, user_id }) => ({ action, actor, user_id })),
      [{ action: 'transfer.held', actor: 'system', user_id: alice.userId }],
    );
    assert.equal(JSON.parse(transferAudit[0].details ?? '{}').score, transfer.risk.score);
    assert.deepEqual(
      (await auditRowsOf(backend.db, transfer.alertId)).map((row) => row.action),
      ['alert.opened'],
    );

    const notifications = await backend.db.executor
      .selectFrom('notifications')
      .select(['channel', 'status', 'detail'])
      .where('alert_id', '=', transfer.alertId)
      .orderBy('channel')
      .execute();
    assert.deepEqual(notifications, [
      { channel: 'alexa_proactive', status: 'not_sent', detail: 'not configured' },
      { channel: 'in_app', status: 'unread', detail: null },
    ]);
  });

  it('holds a transfer to an account on the scam list, and one reported by other users', async () => {
    const [listed, , , reported] = DEMO_SCAM_ACCOUNTS;
    const toListed = await holdTransfer(backend.api, alice, { payee: { name: 'Rewards', account: listed.account }, memo: 'Lunch' });
    assert.ok(codes(toListed).includes('payee_scam_listed'));
    assert.equal(toListed.risk.scamType, 'task_scam');

    const toReported = await holdTransfer(backend.api, alice, {
      payee: { name: 'Support Desk', account: reported.account },
      memo: 'Order 5521',
    });
    assert.ok(codes(toReported).includes('payee_reported'));
    assert.equal(toReported.risk.scamType, 'refund_scam');
  });

  it('flags the third transfer to new payees within minutes', async () => {
    const fresh = await startAntiFraudBackend();
    try {
      const send = (account: string) =>
        postTransfer(fresh.api, DEMO_USERS.sofia, {
          payee: { name: 'Papelería Central', account },
          amountMinor: 20_000,
          currency: 'MXN',
          channel: 'mobile_app',
        });
      const first = await send('+52 55 1111 0001');
      const second = await send('+52 55 1111 0002');
      const third = await send('+52 55 1111 0003');
      assert.ok(!codes(first.body).includes('new_payee_burst'));
      assert.ok(!codes(second.body).includes('new_payee_burst'));
      assert.ok(codes(third.body).includes('new_payee_burst'), JSON.stringify(third.body.risk));
    } finally {
      await fresh.close();
    }
  });

  it('returns the same transfer for a retried request, and debits only once', async () => {
    const key = randomUUID();
    const body = scamTransfer({ amountMinor: 12_345 });
    const before = await availableMinor(backend.api, alice, 'USD');
    const first = await postTransfer(backend.api, alice, body, { key });
    const retry = await postTransfer(backend.api, alice, body, { key });
    assert.equal(first.status, 201);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get(IDEMPOTENT_REPLAY_HEADER), 'true');
    assert.deepEqual(retry.body, first.body);
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before - 12_345);
    const alerts = await backend.db.executor
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('transfer_id', '=', first.body.id)
      .executeTakeFirst();
    assert.deepEqual(alerts, { n: 1 });

    // The same key on another user's request is that user's own key.
    const sofiasTurn = await postTransfer(backend.api, DEMO_USERS.sofia, scamTransfer({ currency: 'MXN' }), { key });
    assert.equal(sofiasTurn.status, 201);
    assert.notEqual(sofiasTurn.body.id, first.body.id);
  });

  it('refuses a key reused for a different transfer', async () => {
    const key = randomUUID();
    assert.equal((await postTransfer(backend.api, alice, scamTransfer({ amountMinor: 1_000 }), { key })).status, 201);
    const reused = await postTransfer(backend.api, alice, scamTransfer({ amountMinor: 2_000 }), { key });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.error.code, 'idempotency_key_reused');
  });

  it('refuses a transfer the wallet cannot cover with 409 and the amounts, changing nothing', async () => {
    const before = await availableMinor(backend.api, alice, 'GBP');
    const count = () =>
      backend.db.executor
        .selectFrom('transfers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
    const transfersBefore = await count();
    const reply = await postTransfer(backend.api, alice, scamTransfer({ currency: 'GBP', amountMinor: before + 1 }));
    assert.equal(reply.status, 409);
    assert.equal(reply.body.error.code, 'insufficient_funds');
    assert.deepEqual(reply.body.error.details, { currency: 'GBP', availableMinor: before, neededMinor: before + 1 });
    assert.equal(await availableMinor(backend.api, alice, 'GBP'), before);
    assert.deepEqual(await count(), transfersBefore);

    const noWallet = await postTransfer(backend.api, alice, scamTransfer({ currency: 'JPY' }));
    assert.equal(noWallet.status, 409);
    assert.match(noWallet.body.error.message, /no JPY wallet/);
  });

  const valid = scamTransfer();
  const refusals: Array<[what: string, body: unknown, reason: RegExp]> = [
    ['no payee', { ...valid, payee: undefined }, /^payee: is required$/],
    ['an empty payee name', { ...valid, payee: { ...valid.payee, name: ' ' } }, /^payee\.name: must not be empty$/],
    ['a payee account that is no IBAN, phone or wallet', { ...valid, payee: { ...valid.payee, account: '12345' } }, /^payee\.account: must be an IBAN/],
    ['a zero amount', { ...valid, amountMinor: 0 }, /^amountMinor: must be greater than 0$/],
    ['a fractional amount', { ...valid, amountMinor: 10.5 }, /^amountMinor: must be a whole number of minor units$/],
    ['an amount as text', { ...valid, amountMinor: '100' }, /^amountMinor: must be a whole number of minor units$/],
    ['a lower-case currency', { ...valid, currency: 'usd' }, /^currency: must be a three-letter upper-case ISO 4217 code/],
    ['a memo over 140 characters', { ...valid, memo: 'x'.repeat(141) }, /^memo: must be at most 140 characters$/],
    ['an unknown channel', { ...valid, channel: 'fax' }, /^channel: must be one of voice_assistant, mobile_app, web$/],
  ];
  for (const [what, body, reason] of refusals) {
    it(`refuses ${what} with a 400 naming the field`, async () => {
      const reply = await postTransfer(backend.api, alice, body);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, reason);
    });
  }

  it('refuses a transfer without an Idempotency-Key, naming the header', async () => {
    const reply = await backend.api.post(TransferPaths.transfers, scamTransfer(), { token: alice.token });
    assert.equal(reply.status, 400);
    assert.match(reply.body.error.message, /^Idempotency-Key: is required/);
  });

  it("keeps Bruno's transfers behind his voice code", async () => {
    const reply = await postTransfer(backend.api, bruno, scamTransfer({ currency: 'EUR' }));
    assert.equal(reply.status, 403);
    assert.equal(reply.body.error.code, 'voice_code_required');
    const voiceSession = await backend.api.voiceSession(bruno);
    const allowed = await postTransfer(backend.api, bruno, scamTransfer({ currency: 'EUR' }), { voiceSession });
    assert.equal(allowed.status, 201);
  });

  it("answers 404 for another user's transfer", async () => {
    const transfer = await holdTransfer(backend.api, alice);
    const reply = await backend.api.get(buildPath(TransferPaths.transfer, { id: transfer.id }), { token: DEMO_USERS.sofia.token });
    assert.equal(reply.status, 404);
    assert.equal(reply.body.error.code, 'not_found');
  });

  it('keeps the payee account only masked: not in the database, not in the logs', async () => {
    const account = 'FR76 3000 6000 0112 3456 7890 189';
    const transfer = await holdTransfer(backend.api, alice, { payee: { name: 'Maître Dupont', account } });
    assert.equal(transfer.payee.accountMasked, 'FR76…0189');
    const compact = account.replace(/ /g, '');
    const rows: unknown[] = [];
    for (const table of await backend.db.executor.introspection.getTables()) {
      rows.push(...(await sql`SELECT * FROM ${sql.table(table.name)}`.execute(backend.db.executor)).rows);
    }
    const stored = rows.map((row) => JSON.stringify(row)).join('\n');
    assert.ok(!stored.includes(compact) && !stored.includes('3456 7890'), 'account stored in full');
    const logs = logLines.join('');
    assert.ok(logs.length > 0);
    assert.ok(!logs.includes(compact) && !logs.includes('3456 7890'), 'account logged in full');
  });
});

describe('backend: transfers with the user’s safety settings', () => {
  it('holds for 24 hours when the user chose the longer delayed arrival', async () => {
    const backend = await startAntiFraudBackend({
      antiFraud: { settings: { delayedArrivalHours: async () => 24, trustedContact: async () => undefined } },
    });
    try {
      const transfer = await holdTransfer(backend.api, alice);
      assert.equal(Date.parse(transfer.holdUntil ?? '') - Date.parse(transfer.createdAt), 24 * HOUR_MS);
    } finally {
      await backend.close();
    }
  });
});

describe('backend: delayed arrival of transfers to new payees', () => {
  let backend: AntiFraudBackend;
  let clock = new Date('2026-03-02T17:00:00.000Z');
  const at = (hoursLater: number) => new Date(clock.getTime() + hoursLater * HOUR_MS);
  before(async () => {
    backend = await startAntiFraudBackend({ now: () => clock });
  });
  after(() => backend.close());
  beforeEach(async () => {
    // A new day (no burst of new payees), with yesterday's delayed transfers settled: each test counts its own.
    clock = at(24);
    await backend.settleArrived();
  });

  const turnOn = (hours: 2 | 24) => backend.api.put(SettingsPaths.settings, { delayedArrival: { enabled: true, hours } }, { token: alice.token });
  const read = async (id: string): Promise<Transfer> => (await backend.api.get(buildPath(TransferPaths.transfer, { id }), { token: alice.token })).body;
  const ledgerOf = async (transfer: Transfer): Promise<Transaction> =>
    (await backend.api.get(buildPath(ApiPaths.transaction, { id: transfer.transactionId }), { token: alice.token })).body;
  const cancel = (id: string, user = alice) => backend.api.post(buildPath(TransferPaths.transferCancel, { id }), {}, { token: user.token });
  const balance = async () => (await backend.api.get(`${ApiPaths.balances}?currency=USD`, { token: alice.token })).body.balances[0] as Balance;
  const actions = async (transfer: Transfer) => (await auditRowsOf(backend.db, transfer.id)).map((row) => `${row.actor}:${row.action}`);

  /** A plain, low-risk payment to someone Alice has never paid. */
  async function payNewPayee(): Promise<Transfer> {
    const reply = await postTransfer(backend.api, alice, {
      payee: { name: 'Nora Klein', account: `+1 718 555 ${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}` },
      amountMinor: 1_500,
      currency: 'USD',
      memo: 'Book club',
      channel: 'mobile_app',
    });
    assert.equal(reply.status, 201, reply.text);
    return Transfer.strict().parse(reply.body);
  }

  it('with it on, keeps a transfer to a new payee pending for 2 hours, its money reserved, and says so in the ledger', async () => {
    await turnOn(2);
    const before = await balance();
    const transfer = await payNewPayee();
    assert.equal(transfer.status, 'pending');
    assert.equal(transfer.risk.level, 'low');
    assert.equal(transfer.arrivesAt, at(2).toISOString());
    assert.equal(transfer.settledAt, undefined);
    assert.equal(transfer.alertId, undefined);

    const after = await balance();
    assert.equal(after.availableMinor, before.availableMinor - 1_500);
    assert.equal(after.pendingMinor, before.pendingMinor - 1_500, 'a pending debit');
    const entry = await ledgerOf(transfer);
    assert.equal(entry.status, 'pending');
    assert.equal(entry.arrivesAt, transfer.arrivesAt);
    assert.deepEqual(await actions(transfer), ['system:transfer.pending']);

    const listed = await backend.api.get(`${TransferPaths.transfers}?status=pending`, { token: alice.token });
    assert.equal(listed.body.transfers[0].id, transfer.id, 'the newest pending transfer comes first');
  });

  it('waits 24 hours when the user chose the longer delay', async () => {
    await turnOn(24);
    const transfer = await payNewPayee();
    assert.equal(transfer.arrivesAt, at(24).toISOString());
  });

  it('settles a transfer to a payee Alice has paid before at once, delayed arrival or not', async () => {
    await turnOn(2);
    const history = await backend.api.allTransactions(alice, '&direction=debit&status=completed');
    const friend = history.find((transaction) => transaction.kind === 'transfer' && transaction.counterparty in DEMO_FRIEND_ACCOUNTS.alice)?.counterparty ?? '';
    const account = DEMO_FRIEND_ACCOUNTS.alice[friend];
    const reply = await postTransfer(backend.api, alice, { payee: { name: friend, account }, amountMinor: 2_000, currency: 'USD', channel: 'mobile_app' });
    assert.equal(reply.body.status, 'settled');
    assert.equal(reply.body.arrivesAt, undefined);
    assert.equal((await ledgerOf(reply.body)).status, 'completed');
  });

  it('with it off, settles a transfer to a new payee at once', async () => {
    await backend.api.put(SettingsPaths.settings, { delayedArrival: { enabled: false, hours: 2 } }, { token: alice.token });
    const transfer = await payNewPayee();
    assert.equal(transfer.status, 'settled');
    assert.equal(transfer.arrivesAt, undefined);
    assert.equal((await ledgerOf(transfer)).status, 'completed');
  });

  it('settles nothing before the arrival time, then settles it by itself exactly once', async () => {
    await turnOn(2);
    const sentAt = clock;
    const transfer = await payNewPayee();
    const reserved = await balance();

    clock = new Date(sentAt.getTime() + 2 * HOUR_MS - 1_000);
    assert.equal(await backend.settleArrived(), 0);
    assert.equal((await read(transfer.id)).status, 'pending');

    clock = new Date(sentAt.getTime() + 2 * HOUR_MS);
    assert.equal(await backend.settleArrived(), 1);
    assert.equal(await backend.settleArrived(), 0, 'a second sweep settles nothing');
    const settled = await read(transfer.id);
    assert.equal(settled.status, 'settled');
    assert.equal(settled.settledAt, clock.toISOString());
    assert.equal((await ledgerOf(transfer)).status, 'completed');
    assert.equal((await ledgerOf(transfer)).arrivesAt, undefined);
    const after = await balance();
    assert.equal(after.availableMinor, reserved.availableMinor, 'the money had left the available balance already');
    assert.equal(after.pendingMinor, reserved.pendingMinor + 1_500, 'no longer a pending debit');
    assert.deepEqual(await actions(transfer), ['system:transfer.pending', 'system:transfer.settled']);

    const refused = await cancel(transfer.id);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'already_decided');
    assert.deepEqual(refused.body.error.details, { status: 'settled' });
  });

  it('cancels a pending transfer once: the money is back, it never settles, and a second cancel refunds nothing', async () => {
    await turnOn(2);
    const before = await balance();
    const transfer = await payNewPayee();

    const cancelled = await cancel(transfer.id);
    assert.equal(cancelled.status, 200);
    assert.equal(Transfer.strict().parse(cancelled.body).status, 'cancelled');
    assert.equal(cancelled.body.cancelledAt, clock.toISOString());
    assert.deepEqual(await balance(), before);
    assert.equal((await ledgerOf(transfer)).status, 'cancelled');

    const again = await cancel(transfer.id);
    assert.equal(again.status, 409);
    assert.deepEqual(again.body.error.details, { status: 'cancelled' });
    assert.deepEqual(await balance(), before, 'no second refund');

    clock = at(3);
    assert.equal(await backend.settleArrived(), 0);
    assert.equal((await read(transfer.id)).status, 'cancelled');
    assert.deepEqual(await actions(transfer), ['system:transfer.pending', 'user:transfer.cancelled']);
  });

  it("refuses to cancel another user's transfer, and one that does not exist", async () => {
    await turnOn(2);
    const transfer = await payNewPayee();
    assert.equal((await cancel(transfer.id, DEMO_USERS.sofia)).status, 404);
    assert.equal((await cancel('tr_nothing')).status, 404);
    assert.equal((await read(transfer.id)).status, 'pending');
  });

  it('keeps a risky transfer held (not pending) and, after "send anyway", makes it wait the delay from that decision', async () => {
    await turnOn(2);
    const held = await holdTransfer(backend.api, alice);
    assert.equal(held.arrivesAt, undefined);
    assert.equal(Date.parse(held.holdUntil ?? '') - Date.parse(held.createdAt), 2 * HOUR_MS);
    const refused = await cancel(held.id);
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body.error.details, { status: 'held' });

    clock = at(1);
    await backend.settleArrived();
    assert.equal((await read(held.id)).status, 'held', 'time never releases a hold');
    const alert = buildPath(TransferPaths.alert, { id: held.alertId });
    await backend.api.post(`${alert}/warning-heard`, {}, { token: alice.token });
    const decided = await backend.api.post(
      `${alert}/decision`,
      { decision: 'proceed', emotions: [], scriptVariants: [], confirmedTwice: true },
      { token: alice.token },
    );
    assert.equal(decided.status, 200, decided.text);
    const released = decided.body.transfer as Transfer;
    assert.equal(released.status, 'pending');
    assert.equal(released.arrivesAt, at(2).toISOString());
    assert.equal((await ledgerOf(released)).status, 'pending');

    clock = at(2);
    assert.equal(await backend.settleArrived(), 1);
    assert.equal((await read(held.id)).status, 'settled');
    assert.deepEqual(await actions(held), ['system:transfer.held', 'user:transfer.released', 'system:transfer.settled']);
  });

  // Last: Alice stays frozen.
  it("keeps a frozen account's delayed transfer pending past its time, still cancellable", async () => {
    await turnOn(2);
    const before = await balance();
    const transfer = await payNewPayee();
    assert.equal((await backend.api.post(AccountFreezePaths.accountFreeze, undefined, { token: alice.token })).status, 200);

    clock = at(3);
    assert.equal(await backend.settleArrived(), 0);
    assert.equal((await read(transfer.id)).status, 'pending');
    assert.equal((await cancel(transfer.id)).status, 200);
    assert.deepEqual(await balance(), before);
  });
});
