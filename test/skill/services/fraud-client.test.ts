import assert from 'node:assert/strict';
import nock from 'nock';
import { BackendClient, BackendError } from '../../../src/skill/services/backend-client';
import type { FraudReport } from '../../../src/shared/contract/api';

const BACKEND_URL = 'http://backend.test';
const client = new BackendClient({ baseUrl: BACKEND_URL, timeoutMs: 100 });
const alice = { accessToken: 'token-alice' };
const REPORT: FraudReport = {
  reference: '40718231',
  status: 'received',
  scamType: 'impersonation',
  channel: 'voice_assistant',
  createdAt: '2026-11-27T08:15:00.000Z',
  updatedAt: '2026-11-27T08:15:00.000Z',
  nextStep: 'review',
  expectedBy: '2026-12-02',
};

async function failureOf(call: Promise<unknown>): Promise<BackendError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof BackendError);
    return error;
  }
  assert.fail('the call should have failed');
}

describe('unit: backend client for fraud reports and protection', () => {
  afterEach(() => nock.cleanAll());

  it('files a report with its Idempotency-Key, and never retries the write on its own', async () => {
    let sent = 0;
    nock(BACKEND_URL)
      .post('/v1/fraud-reports', { scamType: 'impersonation', channel: 'voice_assistant' })
      .matchHeader('idempotency-key', 'key-1')
      .times(2)
      .delay(300)
      .reply(() => {
        sent += 1;
        return [201, REPORT];
      });
    const error = await failureOf(client.createFraudReport(alice, 'key-1', { scamType: 'impersonation', channel: 'voice_assistant' }));
    assert.equal(error.failure, 'unavailable');
    // However busy the machine: wait for the slow reply, then a little longer for a retry that must not come.
    for (let waited = 0; sent === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(sent, 1, 'a timed-out write is not sent twice by the client');
    nock.cleanAll();

    const ok = nock(BACKEND_URL).post('/v1/fraud-reports').matchHeader('idempotency-key', 'key-1').reply(200, REPORT);
    assert.deepEqual(await client.createFraudReport(alice, 'key-1', { scamType: 'impersonation', channel: 'voice_assistant' }), REPORT);
    assert.ok(ok.isDone());
  });

  it('keeps the error code and details the conversation needs', async () => {
    nock(BACKEND_URL)
      .post('/v1/fraud-reports')
      .reply(409, { error: { code: 'conflict', message: 'already reported', details: { reference: '31415920' } } })
      .post('/v1/account/unfreeze')
      .reply(409, { error: { code: 'open_fraud_report', message: 'open report' } })
      .get('/v1/fraud-reports/27182815')
      .reply(404, { error: { code: 'not_found', message: 'no such report' } });
    const conflict = await failureOf(client.createFraudReport(alice, 'k', { transactionId: 't-1', scamType: 'other', channel: 'web' }));
    assert.deepEqual([conflict.failure, conflict.code, conflict.details], ['rejected', 'conflict', { reference: '31415920' }]);
    const open = await failureOf(client.unfreezeAccount(alice));
    assert.deepEqual([open.failure, open.code], ['rejected', 'open_fraud_report']);
    const missing = await failureOf(client.fraudReport(alice, '27182815'));
    assert.equal(missing.failure, 'not_found');
  });

  it('checks a contact with its kind and value, and replaces the settings with a PUT and the voice session', async () => {
    const scope = nock(BACKEND_URL)
      .get('/v1/verify-contact')
      .query({ kind: 'app', value: 'Ant Wealth Helper' })
      .reply(200, { verdict: 'known_scam', kind: 'app', matched: 'Ant Wealth Helper', advice: 'delete_app' })
      .put('/v1/settings', { delayedArrival: { enabled: true, hours: 2 } })
      .matchHeader('x-voice-session', 'vs-1')
      .reply(200, { delayedArrival: { enabled: true, hours: 2 } });
    assert.equal((await client.verifyContact(alice, 'app', 'Ant Wealth Helper')).verdict, 'known_scam');
    const saved = await client.updateSettings({ ...alice, voiceSession: 'vs-1' }, { delayedArrival: { enabled: true, hours: 2 } });
    assert.deepEqual(saved, { delayedArrival: { enabled: true, hours: 2 } });
    assert.ok(scope.isDone());
  });

  it('rejects a report that breaks the contract (a reference without its check digit)', async () => {
    nock(BACKEND_URL)
      .get('/v1/fraud-reports/latest')
      .times(2)
      .reply(200, { ...REPORT, reference: '40718232' });
    assert.equal((await failureOf(client.latestFraudReport(alice))).failure, 'unavailable');
  });
});
