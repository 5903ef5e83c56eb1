import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { ApiPaths, buildPath, IDEMPOTENT_REPLAY_HEADER, Transfer, TransferPaths, type Transaction } from '../../src/shared/contract/api';
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
    const transferAudit = auditRowsOf(backend.db, transfer.id);
    assert.deepEqual(
      transferAudit.map(({ action, actor, user_id }) => ({ action, actor, user_id })),
      [{ action: 'transfer.held', actor: 'system', user_id: alice.userId }],
    );
    assert.equal(JSON.parse(transferAudit[0].details ?? '{}').score, transfer.risk.score);
    assert.deepEqual(
      auditRowsOf(backend.db, transfer.alertId).map((row) => row.action),
      ['alert.opened'],
    );

    const notifications = backend.db.prepare('SELECT channel, status, detail FROM notifications WHERE alert_id = ? ORDER BY rowid').all(transfer.alertId);
    assert.deepEqual(notifications, [
      { channel: 'in_app', status: 'unread', detail: null },
      { channel: 'alexa_proactive', status: 'not_sent', detail: 'not configured' },
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
    const alerts = backend.db.prepare('SELECT count(*) AS n FROM alerts WHERE transfer_id = ?').get(first.body.id);
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
    const count = () => backend.db.prepare('SELECT count(*) AS n FROM transfers').get();
    const transfersBefore = count();
    const reply = await postTransfer(backend.api, alice, scamTransfer({ currency: 'GBP', amountMinor: before + 1 }));
    assert.equal(reply.status, 409);
    assert.equal(reply.body.error.code, 'insufficient_funds');
    assert.deepEqual(reply.body.error.details, { currency: 'GBP', availableMinor: before, neededMinor: before + 1 });
    assert.equal(await availableMinor(backend.api, alice, 'GBP'), before);
    assert.deepEqual(count(), transfersBefore);

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
    const stored = backend.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .flatMap(({ name }: any) => backend.db.prepare(`SELECT * FROM ${name}`).all())
      .map((row) => JSON.stringify(row))
      .join('\n');
    assert.ok(!stored.includes(compact) && !stored.includes('3456 7890'), 'account stored in full');
    const logs = logLines.join('');
    assert.ok(logs.length > 0);
    assert.ok(!logs.includes(compact) && !logs.includes('3456 7890'), 'account logged in full');
  });
});

describe('backend: transfers with the user’s safety settings', () => {
  it('holds for 24 hours when the user chose the longer delayed arrival', async () => {
    const backend = await startAntiFraudBackend({
      antiFraud: { settings: { delayedArrivalHours: () => 24, trustedContact: () => undefined } },
    });
    try {
      const transfer = await holdTransfer(backend.api, alice);
      assert.equal(Date.parse(transfer.holdUntil ?? '') - Date.parse(transfer.createdAt), 24 * HOUR_MS);
    } finally {
      await backend.close();
    }
  });
});
