import assert from 'node:assert/strict';
import { Alert, AlertsResponse, ApiPaths, buildPath, PersuasionStatsResponse, TransferPaths, type AlertDecisionRequest } from '../../src/shared/contract/api';
import { ALICE_HELD_TRANSFER } from '../../src/backend/seed/anti-fraud';
import { auditRowsOf, availableMinor, failAuditOf, holdTransfer, startAntiFraudBackend, type AntiFraudBackend } from './anti-fraud-support';
import { DEMO_USERS } from './support';

const { alice, bruno, sofia } = DEMO_USERS;
const HOUR_MS = 3_600_000;

function decision(overrides: Partial<AlertDecisionRequest> = {}): AlertDecisionRequest {
  return {
    decision: 'cancel',
    emotions: ['anxious'],
    scriptVariants: ['task_scam.anxious.empathetic'],
    transcriptSummary: 'User was promised a commission for liking products; agreed to cancel.',
    confirmedTwice: false,
    ...overrides,
  };
}

describe('backend: alerts', () => {
  let backend: AntiFraudBackend;
  before(async () => {
    backend = await startAntiFraudBackend();
  });
  after(() => backend.close());

  const decide = (alertId: string, body: unknown, token = alice.token) =>
    backend.api.post(buildPath(TransferPaths.alertDecision, { id: alertId }), body, { token });
  const hearWarning = (alertId: string) => backend.api.post(buildPath(TransferPaths.alertWarningHeard, { id: alertId }), undefined, { token: alice.token });
  const ledgerStatus = async (transactionId: string) =>
    (await backend.api.get(buildPath(ApiPaths.transaction, { id: transactionId }), { token: alice.token })).body.status;

  it("shows the seeded task-scam transfer as Alice's pending alert on a fresh install", async () => {
    const reply = await backend.api.get(TransferPaths.alerts, { token: alice.token });
    assert.equal(reply.status, 200);
    const { alerts } = AlertsResponse.strict().parse(reply.body);
    assert.equal(alerts.length, 1);
    const [alert] = alerts;
    Alert.strict().parse(alert);
    assert.equal(alert.status, 'open');
    assert.equal(alert.scamType, 'task_scam');
    assert.equal(alert.warningHeardAt, undefined);
    assert.deepEqual(alert.decisions, []);
    const { request } = ALICE_HELD_TRANSFER;
    assert.equal(alert.transfer.status, 'held');
    assert.equal(alert.transfer.amountMinor, request.amountMinor);
    assert.equal(alert.transfer.memo, request.memo);
    assert.equal(alert.transfer.payee.name, request.payee.name);
    assert.equal(alert.transfer.risk.level, 'high');
    const codes = alert.transfer.risk.reasons.map((reason) => reason.code);
    for (const code of ['scam_wording', 'first_transfer_to_payee', 'amount_above_history', 'payee_account_new']) {
      assert.ok(codes.includes(code as never), `${code} in ${codes.join(', ')}`);
    }
    assert.equal(Date.parse(alert.transfer.holdUntil ?? '') - Date.parse(alert.transfer.createdAt), 2 * HOUR_MS);
    assert.equal(alert.transfer.holdExpired, false);

    assert.deepEqual((await backend.api.get(TransferPaths.alerts, { token: sofia.token })).body, { alerts: [] });
  });

  it('refuses to release money before the warning was heard, even when confirmed twice', async () => {
    const transfer = await holdTransfer(backend.api, alice);
    const reply = await decide(transfer.alertId, decision({ decision: 'proceed', confirmedTwice: true }));
    assert.equal(reply.status, 409);
    assert.equal(reply.body.error.code, 'confirmation_required');
    assert.match(reply.body.error.message, /not heard the warning/);
    assert.equal((await backend.api.get(buildPath(TransferPaths.transfer, { id: transfer.id }), { token: alice.token })).body.status, 'held');
  });

  it('releases only after the warning was heard and the user confirmed twice', async () => {
    const transfer = await holdTransfer(backend.api, alice);
    const before = await availableMinor(backend.api, alice, 'USD');

    const heard = await hearWarning(transfer.alertId);
    assert.equal(heard.status, 200);
    const heardAt = heard.body.warningHeardAt;
    assert.ok(heardAt);
    // Hearing it again keeps the first time.
    assert.equal((await hearWarning(transfer.alertId)).body.warningHeardAt, heardAt);

    const once = await decide(transfer.alertId, decision({ decision: 'proceed', confirmedTwice: false }));
    assert.equal(once.status, 409);
    assert.equal(once.body.error.code, 'confirmation_required');
    assert.match(once.body.error.message, /second, explicit confirmation/);

    const twice = await decide(transfer.alertId, decision({ decision: 'proceed', emotions: ['insistent'], confirmedTwice: true }));
    assert.equal(twice.status, 200);
    const alert = Alert.strict().parse(twice.body);
    assert.equal(alert.status, 'proceeded');
    assert.equal(alert.transfer.status, 'settled');
    assert.ok(alert.transfer.settledAt);
    assert.equal(alert.transfer.holdExpired, undefined);
    assert.deepEqual(
      alert.decisions.map((entry) => [entry.decision, entry.confirmedTwice]),
      [['proceed', true]],
    );
    assert.equal(await ledgerStatus(transfer.transactionId), 'completed');
    // The money was reserved when the transfer was held: releasing it does not debit again.
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before);

    const again = await decide(transfer.alertId, decision({ decision: 'cancel' }));
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'already_decided');
  });

  it('cancels a held transfer: the money is back in the wallet, its transaction reads cancelled (not failed), and the decision is final', async () => {
    const before = await availableMinor(backend.api, alice, 'USD');
    const transfer = await holdTransfer(backend.api, alice, { amountMinor: 3_300 });
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before - 3_300);

    const reply = await decide(transfer.alertId, decision({ decision: 'cancel' }));
    assert.equal(reply.status, 200);
    assert.equal(reply.body.status, 'cancelled');
    assert.equal(reply.body.transfer.status, 'cancelled');
    assert.ok(reply.body.transfer.cancelledAt);
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before);
    assert.equal(await ledgerStatus(transfer.transactionId), 'cancelled');
    const listed = async (status: string) =>
      (await backend.api.get(`${ApiPaths.transactions}?status=${status}&limit=50`, { token: alice.token })).body.transactions.map(
        (transaction: { id: string }) => transaction.id,
      );
    assert.ok((await listed('cancelled')).includes(transfer.transactionId));
    assert.ok(!(await listed('failed')).includes(transfer.transactionId));

    for (const next of ['cancel', 'hold', 'proceed', 'escalate'] as const) {
      const refused = await decide(transfer.alertId, decision({ decision: next, confirmedTwice: true }));
      assert.equal(refused.status, 409, next);
      assert.equal(refused.body.error.code, 'already_decided');
    }
    assert.equal((await hearWarning(transfer.alertId)).status, 409);
    const open = (await backend.api.get(TransferPaths.alerts, { token: alice.token })).body.alerts;
    assert.ok(!open.some((alert: Alert) => alert.id === transfer.alertId));
  });

  it('keeps the alert open after "hold", and lets the user cancel later', async () => {
    const transfer = await holdTransfer(backend.api, alice);
    const held = await decide(transfer.alertId, decision({ decision: 'hold', emotions: ['confused'], scriptVariants: ['v.confused.simple'] }));
    assert.equal(held.status, 200);
    assert.equal(held.body.status, 'open');
    assert.equal(held.body.transfer.status, 'held');
    const cancelled = await decide(transfer.alertId, decision({ decision: 'cancel' }));
    assert.equal(cancelled.body.status, 'cancelled');
    assert.deepEqual(
      cancelled.body.decisions.map((entry: { decision: string }) => entry.decision),
      ['hold', 'cancel'],
    );
  });

  it('hands an escalated transfer to a human: it stays held, cannot be released, but can be cancelled', async () => {
    const transfer = await holdTransfer(backend.api, alice);
    await hearWarning(transfer.alertId);
    const escalated = await decide(transfer.alertId, decision({ decision: 'escalate', emotions: ['angry'] }));
    assert.equal(escalated.body.status, 'escalated');
    assert.equal(escalated.body.transfer.status, 'held');
    const proceed = await decide(transfer.alertId, decision({ decision: 'proceed', confirmedTwice: true }));
    assert.equal(proceed.status, 409);
    assert.equal(proceed.body.error.code, 'already_decided');
    const cancelled = await decide(transfer.alertId, decision({ decision: 'cancel' }));
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.transfer.status, 'cancelled');
  });

  it('writes every state change to the audit log', async () => {
    const transfer = await holdTransfer(backend.api, alice);
    await hearWarning(transfer.alertId);
    await decide(transfer.alertId, decision({ decision: 'hold' }));
    await decide(transfer.alertId, decision({ decision: 'cancel' }));
    const alertRows = await auditRowsOf(backend.db, transfer.alertId);
    assert.deepEqual(
      alertRows.map((row) => [row.action, row.actor, row.user_id]),
      [
        ['alert.opened', 'system', alice.userId],
        ['alert.warning_heard', 'user', alice.userId],
        ['alert.decided', 'user', alice.userId],
        ['alert.decided', 'user', alice.userId],
      ],
    );
    assert.deepEqual(
      alertRows.slice(2).map((row) => JSON.parse(row.details ?? '{}')),
      [
        { decision: 'hold', from: 'open', to: 'open', confirmedTwice: false, emotions: ['anxious'] },
        { decision: 'cancel', from: 'open', to: 'cancelled', confirmedTwice: false, emotions: ['anxious'] },
      ],
    );
    const transferRows = await auditRowsOf(backend.db, transfer.id);
    assert.deepEqual(
      transferRows.map((row) => row.action),
      ['transfer.held', 'transfer.cancelled'],
    );
    // The cancellation and its decision are one change, at one instant.
    assert.equal(transferRows[1].at, alertRows[3].at);
  });

  it('changes nothing when the audit row cannot be written: change and audit share one transaction', async () => {
    const transfer = await holdTransfer(backend.api, alice);
    const before = await availableMinor(backend.api, alice, 'USD');
    const heal = await failAuditOf(backend.db, 'alert.decided', 'BEFORE');
    try {
      const reply = await decide(transfer.alertId, decision({ decision: 'cancel' }));
      assert.equal(reply.status, 500);
    } finally {
      await heal();
    }
    const alert = (await backend.api.get(buildPath(TransferPaths.alert, { id: transfer.alertId }), { token: alice.token })).body;
    assert.equal(alert.status, 'open');
    assert.equal(alert.transfer.status, 'held');
    assert.deepEqual(alert.decisions, []);
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before);
    assert.deepEqual(
      (await auditRowsOf(backend.db, transfer.id)).map((row) => row.action),
      ['transfer.held'],
    );
  });

  it("answers 404 for another user's alert, for reading and for deciding", async () => {
    const transfer = await holdTransfer(backend.api, alice);
    for (const reply of [
      await backend.api.get(buildPath(TransferPaths.alert, { id: transfer.alertId }), { token: sofia.token }),
      await decide(transfer.alertId, decision({ decision: 'cancel' }), sofia.token),
      await backend.api.post(buildPath(TransferPaths.alertWarningHeard, { id: transfer.alertId }), undefined, { token: sofia.token }),
    ]) {
      assert.equal(reply.status, 404);
      assert.equal(reply.body.error.code, 'not_found');
    }
    const still = (await backend.api.get(buildPath(TransferPaths.alert, { id: transfer.alertId }), { token: alice.token })).body;
    assert.equal(still.status, 'open');
  });

  it("keeps Bruno's alerts behind his voice code", async () => {
    const reply = await backend.api.get(TransferPaths.alerts, { token: bruno.token });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.error.code, 'voice_code_required');
  });

  const refusals: Array<[what: string, body: unknown, reason: RegExp]> = [
    ['an unknown decision', { ...decision(), decision: 'maybe' }, /^decision: must be one of cancel, hold, proceed, escalate$/],
    ['an unknown emotion', { ...decision(), emotions: ['happy'] }, /^emotions\.0: must be one of calm, anxious, angry, insistent, confused$/],
    ['a variant per turn missing', { ...decision(), emotions: ['calm', 'angry'] }, /^scriptVariants: must have one entry per emotion/],
    ['a variant id with spaces', { ...decision(), scriptVariants: ['a b'] }, /^scriptVariants\.0: must be 1 to 64 letters/],
    [
      'a transcript summary over 2000 characters',
      { ...decision(), transcriptSummary: 'x'.repeat(2001) },
      /^transcriptSummary: must be at most 2000 characters$/,
    ],
    ['no confirmedTwice', { ...decision(), confirmedTwice: undefined }, /^confirmedTwice: is required$/],
    ['confirmedTwice as text', { ...decision(), confirmedTwice: 'yes' }, /^confirmedTwice: must be true or false$/],
  ];
  for (const [what, body, reason] of refusals) {
    it(`refuses a decision with ${what} with a 400 naming the field`, async () => {
      const [pending] = (await backend.api.get(TransferPaths.alerts, { token: alice.token })).body.alerts;
      const reply = await decide(pending.id, body);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, reason);
    });
  }

  it('counts successes and trials per scam type, emotion and script variant for the bandit', async () => {
    const fresh = await startAntiFraudBackend();
    try {
      const decideOn = async (request: AlertDecisionRequest) => {
        const transfer = await holdTransfer(fresh.api, sofia, { currency: 'MXN' });
        await fresh.api.post(buildPath(TransferPaths.alertWarningHeard, { id: transfer.alertId }), undefined, { token: sofia.token });
        const reply = await fresh.api.post(buildPath(TransferPaths.alertDecision, { id: transfer.alertId }), request, {
          token: sofia.token,
        });
        assert.equal(reply.status, 200, reply.text);
      };
      await decideOn(decision({ decision: 'cancel', emotions: ['anxious'], scriptVariants: ['empathetic'] }));
      await decideOn(decision({ decision: 'proceed', confirmedTwice: true, emotions: ['anxious'], scriptVariants: ['empathetic'] }));
      await decideOn(decision({ decision: 'escalate', emotions: ['angry', 'angry'], scriptVariants: ['firm', 'firm'] }));
      await decideOn(decision({ decision: 'hold', emotions: ['anxious', 'calm'], scriptVariants: ['factual', 'factual'] }));

      const reply = await fresh.api.get(TransferPaths.persuasionStats, { token: bruno.token });
      assert.equal(reply.status, 200);
      assert.deepEqual(PersuasionStatsResponse.strict().parse(reply.body).stats, [
        { scamType: 'task_scam', emotion: 'angry', variant: 'firm', successes: 1, trials: 1 },
        { scamType: 'task_scam', emotion: 'anxious', variant: 'empathetic', successes: 1, trials: 2 },
        { scamType: 'task_scam', emotion: 'anxious', variant: 'factual', successes: 1, trials: 1 },
        { scamType: 'task_scam', emotion: 'calm', variant: 'factual', successes: 1, trials: 1 },
      ]);
    } finally {
      await fresh.close();
    }
  });
});

describe('backend: holds that expire before the warning is heard', () => {
  it('stay held until the user decides, never released by time', async () => {
    let clock = Date.now();
    const backend = await startAntiFraudBackend({ now: () => new Date(clock) });
    try {
      const before = await availableMinor(backend.api, alice, 'USD');
      clock += 3 * HOUR_MS;
      const { alerts } = (await backend.api.get(TransferPaths.alerts, { token: alice.token })).body;
      assert.equal(alerts.length, 1);
      const [alert] = alerts;
      assert.equal(alert.status, 'open');
      assert.equal(alert.warningHeardAt, undefined);
      assert.equal(alert.transfer.status, 'held');
      assert.equal(alert.transfer.holdExpired, true);
      assert.ok(Date.parse(alert.transfer.holdUntil) < clock);
      assert.equal(await availableMinor(backend.api, alice, 'USD'), before);

      const proceed = await backend.api.post(
        buildPath(TransferPaths.alertDecision, { id: alert.id }),
        decision({ decision: 'proceed', confirmedTwice: true }),
        { token: alice.token },
      );
      assert.equal(proceed.status, 409);
      assert.equal(proceed.body.error.code, 'confirmation_required');

      clock += 30 * 24 * HOUR_MS;
      const later = (await backend.api.get(buildPath(TransferPaths.alert, { id: alert.id }), { token: alice.token })).body;
      assert.equal(later.transfer.status, 'held');
      assert.equal(later.status, 'open');
    } finally {
      await backend.close();
    }
  });
});
