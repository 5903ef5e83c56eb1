import assert from 'node:assert/strict';
import { SettingsPaths, UserSettings } from '../../src/shared/contract/api';
import { auditRowsOf, failAfterAuditOf, holdTransfer, startAntiFraudBackend, type AntiFraudBackend } from './anti-fraud-support';
import { DEMO_USERS } from './support';

const { alice, bruno, sofia } = DEMO_USERS;
const HOUR_MS = 3_600_000;

describe('backend: settings', () => {
  let backend: AntiFraudBackend;
  beforeEach(async () => {
    backend = await startAntiFraudBackend();
  });
  afterEach(() => backend.close());

  const read = (token: string, voiceSession?: string) => backend.api.get(SettingsPaths.settings, { token, voiceSession });
  const save = (token: string, body: unknown, voiceSession?: string) => backend.api.put(SettingsPaths.settings, body, { token, voiceSession });
  const settingsAudit = async (userId: string) =>
    (await auditRowsOf(backend.db, userId)).filter((row) => row.action === 'settings.changed').map((row) => JSON.parse(row.details ?? '{}'));
  const holdHours = async (user = alice) => {
    const transfer = await holdTransfer(backend.api, user);
    return (Date.parse(transfer.holdUntil ?? '') - Date.parse(transfer.createdAt)) / HOUR_MS;
  };
  const emma = { name: 'Emma Martin', phone: '+12125550147' };

  it('gives a user who never chose anything the defaults: delayed arrival off, no trusted contact', async () => {
    const reply = await read(alice.token);
    assert.equal(reply.status, 200);
    assert.deepEqual(UserSettings.strict().parse(reply.body), { delayedArrival: { enabled: false, hours: 2 } });
  });

  it("keeps Bruno's seeded settings (24 h, a trusted contact) behind his voice code", async () => {
    const refused = await read(bruno.token);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'voice_code_required');
    assert.equal((await save(bruno.token, { delayedArrival: { enabled: false, hours: 2 } })).status, 403);

    const reply = await read(bruno.token, await backend.api.voiceSession(bruno));
    assert.deepEqual(reply.body, {
      delayedArrival: { enabled: true, hours: 24 },
      trustedContact: { name: 'Marie Keller', phone: '+4915112345678' },
    });
  });

  it('saves delayed arrival and a trusted contact, and the next held transfer uses both', async () => {
    const wanted = { delayedArrival: { enabled: true, hours: 24 }, trustedContact: { name: '  Emma Martin ', phone: emma.phone } };
    const saved = await save(alice.token, wanted);
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body, { delayedArrival: { enabled: true, hours: 24 }, trustedContact: emma });
    assert.deepEqual((await read(alice.token)).body, saved.body);

    const transfer = await holdTransfer(backend.api, alice);
    assert.equal(Date.parse(transfer.holdUntil ?? '') - Date.parse(transfer.createdAt), 24 * HOUR_MS);
    const sms = await backend.db.executor
      .selectFrom('notifications')
      .select(['status', 'recipient'])
      .where('alert_id', '=', transfer.alertId)
      .where('channel', '=', 'trusted_contact_sms')
      .execute();
    assert.deepEqual(sms, [{ status: 'queued', recipient: 'Emma Martin (+1…47)' }]);
  });

  it("falls back to the rules' 2-hour hold when delayed arrival is off, keeping the chosen hours", async () => {
    await save(alice.token, { delayedArrival: { enabled: true, hours: 24 } });
    assert.equal(await holdHours(), 24);
    const off = await save(alice.token, { delayedArrival: { enabled: false, hours: 24 } });
    assert.deepEqual(off.body, { delayedArrival: { enabled: false, hours: 24 } });
    assert.equal(await holdHours(), 2);
  });

  it('removes the trusted contact when a PUT leaves it out', async () => {
    await save(alice.token, { delayedArrival: { enabled: false, hours: 2 }, trustedContact: emma });
    const removed = await save(alice.token, { delayedArrival: { enabled: false, hours: 2 } });
    assert.deepEqual(removed.body, { delayedArrival: { enabled: false, hours: 2 } });
    assert.deepEqual((await read(alice.token)).body, removed.body);
  });

  it('audits every change with before and after, the phone masked; saving the same again audits nothing', async () => {
    const first = { delayedArrival: { enabled: true, hours: 2 }, trustedContact: emma };
    await save(alice.token, first);
    await save(alice.token, first);
    await save(alice.token, { delayedArrival: { enabled: true, hours: 24 } });
    assert.deepEqual(await settingsAudit(alice.userId), [
      {
        before: { delayedArrival: { enabled: false, hours: 2 } },
        after: { delayedArrival: { enabled: true, hours: 2 }, trustedContact: { name: 'Emma Martin', phone: '+1…47' } },
      },
      {
        before: { delayedArrival: { enabled: true, hours: 2 }, trustedContact: { name: 'Emma Martin', phone: '+1…47' } },
        after: { delayedArrival: { enabled: true, hours: 24 } },
      },
    ]);
    const stored = JSON.stringify(await auditRowsOf(backend.db, alice.userId));
    assert.ok(!stored.includes(emma.phone), 'the full number is not in the audit log');
  });

  it('writes the settings and their audit row in one transaction: a failure after both leaves neither', async () => {
    const heal = await failAfterAuditOf(backend.db, 'settings.changed');
    try {
      const failed = await save(alice.token, { delayedArrival: { enabled: true, hours: 24 }, trustedContact: emma });
      assert.equal(failed.status, 500);
      assert.equal(failed.body.error.code, 'internal');
    } finally {
      await heal();
    }
    assert.deepEqual((await read(alice.token)).body, { delayedArrival: { enabled: false, hours: 2 } });
    assert.deepEqual(await settingsAudit(alice.userId), []);
    assert.equal(await holdHours(), 2);
  });

  it("changes only the caller's own settings", async () => {
    await save(alice.token, { delayedArrival: { enabled: true, hours: 24 }, trustedContact: emma });
    assert.deepEqual((await read(sofia.token)).body, { delayedArrival: { enabled: false, hours: 2 } });
    assert.equal(await holdHours(sofia), 2);
  });

  it('asks for a token', async () => {
    assert.equal((await backend.api.get(SettingsPaths.settings)).status, 401);
    assert.equal((await backend.api.put(SettingsPaths.settings, { delayedArrival: { enabled: true, hours: 2 } })).status, 401);
  });

  const valid = { delayedArrival: { enabled: true, hours: 24 }, trustedContact: emma };
  const refusals: Array<[what: string, body: unknown, reason: RegExp]> = [
    ['no delayed arrival', { trustedContact: emma }, /^delayedArrival: is required$/],
    ['delayed arrival as text', { delayedArrival: 'on' }, /^delayedArrival: must be an object with enabled and hours$/],
    ['"enabled" as text', { delayedArrival: { enabled: 'yes', hours: 2 } }, /^delayedArrival\.enabled: must be true or false$/],
    ['no "enabled"', { delayedArrival: { hours: 2 } }, /^delayedArrival\.enabled: is required$/],
    ['12 hours', { delayedArrival: { enabled: true, hours: 12 } }, /^delayedArrival\.hours: must be 2 or 24$/],
    ['hours as text', { delayedArrival: { enabled: true, hours: '24' } }, /^delayedArrival\.hours: must be 2 or 24$/],
    ['a trusted contact that is no object', { ...valid, trustedContact: 'Emma' }, /^trustedContact: must be an object with name and phone$/],
    ['an empty contact name', { ...valid, trustedContact: { ...emma, name: '  ' } }, /^trustedContact\.name: must not be empty$/],
    [
      'a contact name over 80 characters',
      { ...valid, trustedContact: { ...emma, name: 'E'.repeat(81) } },
      /^trustedContact\.name: must be at most 80 characters$/,
    ],
    ['a contact without a phone', { ...valid, trustedContact: { name: 'Emma' } }, /^trustedContact\.phone: is required$/],
    ['a national phone number', { ...valid, trustedContact: { ...emma, phone: '0151 1234567' } }, /^trustedContact\.phone: must be an E\.164 number/],
    ['a phone number with spaces', { ...valid, trustedContact: { ...emma, phone: '+49 151 12345678' } }, /^trustedContact\.phone: must be an E\.164 number/],
    [
      'a phone number over 15 digits',
      { ...valid, trustedContact: { ...emma, phone: `+${'4'.repeat(16)}` } },
      /^trustedContact\.phone: must be an E\.164 number/,
    ],
  ];
  for (const [what, body, reason] of refusals) {
    it(`refuses ${what} with a 400 naming the field, saving nothing`, async () => {
      const reply = await save(alice.token, body);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, reason);
      assert.deepEqual((await read(alice.token)).body, { delayedArrival: { enabled: false, hours: 2 } });
    });
  }
});
