import assert from 'node:assert/strict';
import { AccountFreeze, AccountFreezePaths, buildPath, TransferPaths, type AlertDecisionRequest } from '../../src/shared/contract/api';
import {
  auditRowsOf,
  availableMinor,
  failAfterAuditOf,
  fileFraudReport,
  fraudTeam,
  holdTransfer,
  postTransfer,
  scamTransfer,
  startAntiFraudBackend,
  type AntiFraudBackend,
} from './anti-fraud-support';
import { DEMO_USERS } from './support';

const { alice, bruno, chen, sofia, yuki } = DEMO_USERS;

describe('backend: account freeze', () => {
  // Every test starts from a fresh store: a frozen account must not leak into the next test.
  let backend: AntiFraudBackend;
  beforeEach(async () => {
    backend = await startAntiFraudBackend();
  });
  afterEach(() => backend.close());

  const state = (token: string) => backend.api.get(AccountFreezePaths.accountFreeze, { token });
  const freeze = (token: string) => backend.api.post(AccountFreezePaths.accountFreeze, undefined, { token });
  const unfreeze = (token: string, voiceSession?: string) => backend.api.post(AccountFreezePaths.accountUnfreeze, undefined, { token, voiceSession });
  const details = async (userId: string) => (await auditRowsOf(backend.db, userId)).map((row) => [row.action, JSON.parse(row.details ?? '{}')]);

  it('freezes outgoing payments at once, and freezing again changes nothing', async () => {
    assert.deepEqual((await state(alice.token)).body, { frozen: false, openFraudReport: false });

    const frozen = await freeze(alice.token);
    assert.equal(frozen.status, 200);
    const first = AccountFreeze.strict().parse(frozen.body);
    assert.equal(first.frozen, true);
    assert.ok(Math.abs(Date.parse(first.frozenAt ?? '') - Date.now()) < 60_000);

    const again = await freeze(alice.token);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first);
    assert.deepEqual((await state(alice.token)).body, first);
    assert.deepEqual(await details(alice.userId), [
      ['account.frozen', { before: { frozen: false }, after: { frozen: true, frozenAt: first.frozenAt }, client: 'voice_assistant' }],
    ]);
  });

  it('refuses every new transfer of a frozen account with 409 account_frozen, and moves no money', async () => {
    await freeze(alice.token);
    const before = await availableMinor(backend.api, alice, 'USD');
    const refused = await postTransfer(backend.api, alice, scamTransfer());
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'account_frozen');
    assert.equal(await availableMinor(backend.api, alice, 'USD'), before);

    // Only Alice is frozen.
    assert.equal((await postTransfer(backend.api, sofia, scamTransfer({ currency: 'MXN' }))).status, 201);
    assert.deepEqual((await state(sofia.token)).body, { frozen: false, openFraudReport: false });
  });

  it('keeps a held transfer held while frozen, but lets the user cancel it', async () => {
    const held = await holdTransfer(backend.api, alice);
    const decide = (body: AlertDecisionRequest) => backend.api.post(buildPath(TransferPaths.alertDecision, { id: held.alertId }), body, { token: alice.token });
    await backend.api.post(buildPath(TransferPaths.alertWarningHeard, { id: held.alertId }), undefined, { token: alice.token });
    await freeze(alice.token);

    const turn = { emotions: ['calm' as const], scriptVariants: ['task_scam.calm.factual'] };
    const proceed = await decide({ decision: 'proceed', confirmedTwice: true, ...turn });
    assert.equal(proceed.status, 409);
    assert.equal(proceed.body.error.code, 'account_frozen');
    assert.equal((await backend.api.get(buildPath(TransferPaths.transfer, { id: held.id }), { token: alice.token })).body.status, 'held');

    const cancel = await decide({ decision: 'cancel', confirmedTwice: false, ...turn });
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.transfer.status, 'cancelled');
  });

  it('freezes without the voice code, and unfreezes only with it', async () => {
    assert.equal((await freeze(bruno.token)).body.frozen, true);

    const withoutCode = await unfreeze(bruno.token);
    assert.equal(withoutCode.status, 403);
    assert.equal(withoutCode.body.error.code, 'voice_code_required');
    assert.equal((await unfreeze(bruno.token, 'made-up-session')).status, 403);
    assert.equal((await state(bruno.token)).body.frozen, true);

    const unfrozen = await unfreeze(bruno.token, await backend.api.voiceSession(bruno));
    assert.equal(unfrozen.status, 200);
    assert.deepEqual(unfrozen.body, { frozen: false, openFraudReport: false });
    const [[, frozen], [action, change]] = (await details(bruno.userId)).filter(([name]) => String(name).startsWith('account.'));
    assert.equal(action, 'account.unfrozen');
    assert.deepEqual(change, {
      before: { frozen: true, frozenAt: frozen.after.frozenAt },
      after: { frozen: false },
      client: 'voice_assistant',
    });
  });

  it('lets a user without a voice code unfreeze by voice when no report is open', async () => {
    await freeze(yuki.token);
    assert.deepEqual((await unfreeze(yuki.token)).body, { frozen: false, openFraudReport: false });
    assert.equal((await postTransfer(backend.api, yuki, scamTransfer({ currency: 'JPY', amountMinor: 500 }))).status, 201);
  });

  it('refuses to unfreeze by voice while a fraud report is open (409 open_fraud_report); the mobile app may', async () => {
    await freeze(chen.token);
    assert.deepEqual((await state(chen.token)).body.openFraudReport, true, "Chen's seeded report is under review");

    const byVoice = await unfreeze(chen.token, await backend.api.voiceSession(chen));
    assert.equal(byVoice.status, 409);
    assert.equal(byVoice.body.error.code, 'open_fraud_report');
    assert.match(byVoice.body.error.message, /mobile app/);
    assert.equal((await state(chen.token)).body.frozen, true);

    // The app checks the user's identity itself: no voice session there.
    const byApp = await unfreeze(chen.mobileAppToken);
    assert.equal(byApp.status, 200);
    assert.deepEqual(byApp.body, { frozen: false, openFraudReport: true });
    assert.equal((await auditRowsOf(backend.db, chen.userId)).at(-1)?.action, 'account.unfrozen');
    assert.equal(JSON.parse((await auditRowsOf(backend.db, chen.userId)).at(-1)?.details ?? '{}').client, 'mobile_app');
  });

  it('allows unfreezing by voice again once the report is closed', async () => {
    const reference = await fileFraudReport(backend.api, sofia);
    await freeze(sofia.token);
    assert.equal((await unfreeze(sofia.token)).status, 409);

    await fraudTeam(backend.db).changeStatus(reference, 'closed');
    assert.deepEqual((await unfreeze(sofia.token)).body, { frozen: false, openFraudReport: false });
  });

  it('unfreezing an account that is not frozen changes nothing, even with a report open', async () => {
    await fileFraudReport(backend.api, sofia);
    const reply = await unfreeze(sofia.token);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { frozen: false, openFraudReport: true });
    assert.deepEqual(
      (await details(sofia.userId)).filter(([name]) => String(name).startsWith('account.')),
      [],
    );
  });

  it('writes the freeze and its audit row in one transaction: a failure after both leaves neither', async () => {
    const heal = await failAfterAuditOf(backend.db, 'account.frozen');
    try {
      const failed = await freeze(alice.token);
      assert.equal(failed.status, 500);
      assert.equal(failed.body.error.code, 'internal');
    } finally {
      await heal();
    }
    assert.deepEqual((await state(alice.token)).body, { frozen: false, openFraudReport: false });
    assert.deepEqual(await auditRowsOf(backend.db, alice.userId), []);
    assert.equal((await postTransfer(backend.api, alice, scamTransfer())).status, 201);
  });

  it('writes the unfreeze and its audit row in one transaction too', async () => {
    await freeze(alice.token);
    const heal = await failAfterAuditOf(backend.db, 'account.unfrozen');
    try {
      assert.equal((await unfreeze(alice.token)).status, 500);
    } finally {
      await heal();
    }
    assert.equal((await state(alice.token)).body.frozen, true);
    assert.deepEqual(
      (await auditRowsOf(backend.db, alice.userId)).map((row) => row.action),
      ['account.frozen'],
    );
  });

  it('asks for a token', async () => {
    assert.equal((await backend.api.get(AccountFreezePaths.accountFreeze)).status, 401);
    assert.equal((await backend.api.post(AccountFreezePaths.accountFreeze, undefined)).status, 401);
    assert.equal((await backend.api.post(AccountFreezePaths.accountUnfreeze, undefined)).status, 401);
  });
});
