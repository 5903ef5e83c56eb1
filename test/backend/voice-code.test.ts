import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { ApiPaths, buildPath, VOICE_SESSION_MINUTES } from '../../src/shared/contract/api';
import { createBackendApp } from '../../src/backend/app';
import { openSeededStore } from '../../src/backend/seed/seed';
import { createLogger } from '../../src/shared/logger';
import { DEMO_USERS, makeDataDir, serve, startTestBackend, type TestBackend } from './support';
import { testStoreIn } from '../support/store';

const { alice, bruno, chen } = DEMO_USERS;
const MINUTE_MS = 60_000;

describe('backend: voice code', () => {
  // Every test starts from a fresh store: attempts and locks must not leak between tests.
  let backend: TestBackend;
  beforeEach(async () => {
    backend = await startTestBackend();
  });
  afterEach(() => backend.close());

  const verify = (code: unknown, token: string = bruno.token) => backend.api.post(ApiPaths.voiceCodeVerify, { code }, { token });
  const reset = (newCode: unknown, token: string) => backend.api.post(ApiPaths.voiceCodeReset, { newCode }, { token });
  const balances = (token: string, voiceSession?: string) => backend.api.get(ApiPaths.balances, { token, voiceSession });

  it("keeps Bruno's balances behind his voice code, and opens them for 15 minutes after it", async () => {
    const refused = await balances(bruno.token);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'voice_code_required');

    const verified = await verify(bruno.voiceCode);
    assert.equal(verified.status, 200);
    assert.equal(verified.body.result, 'ok');
    assert.equal(verified.body.attemptsLeft, 3);
    const lifetime = Date.parse(verified.body.expiresAt) - Date.now();
    assert.ok(lifetime > (VOICE_SESSION_MINUTES - 1) * MINUTE_MS && lifetime <= VOICE_SESSION_MINUTES * MINUTE_MS);

    const opened = await balances(bruno.token, verified.body.voiceSession);
    assert.equal(opened.status, 200);
    assert.deepEqual(
      opened.body.balances.map((balance: { currency: string }) => balance.currency),
      ['EUR', 'CHF', 'USD'],
    );
  });

  it('guards the transactions too, both the list and a single one', async () => {
    const list = await backend.api.get(ApiPaths.transactions, { token: bruno.token });
    assert.equal(list.status, 403);
    assert.equal(list.body.error.code, 'voice_code_required');

    const voiceSession = await backend.api.voiceSession(bruno);
    const [first] = (await backend.api.get(ApiPaths.transactions, { token: bruno.token, voiceSession })).body.transactions;
    const single = buildPath(ApiPaths.transaction, { id: first.id });
    assert.equal((await backend.api.get(single, { token: bruno.token })).status, 403);
    assert.equal((await backend.api.get(single, { token: bruno.token, voiceSession })).status, 200);
  });

  it('locks after three wrong codes in a row, refuses even the right code, and unlocks with a reset from the app', async () => {
    assert.deepEqual((await verify('0000')).body, { result: 'wrong', attemptsLeft: 2 });
    assert.deepEqual((await verify('1111')).body, { result: 'wrong', attemptsLeft: 1 });
    assert.deepEqual((await verify('2222')).body, { result: 'locked', attemptsLeft: 0 });
    assert.deepEqual((await verify(bruno.voiceCode)).body, { result: 'locked', attemptsLeft: 0 });
    assert.equal((await balances(bruno.token)).status, 403);

    const fromTheSkill = await reset('4321', bruno.token);
    assert.equal(fromTheSkill.status, 403);
    assert.equal(fromTheSkill.body.error.code, 'forbidden');
    assert.equal((await verify(bruno.voiceCode)).body.result, 'locked');

    const fromTheApp = await reset('4321', bruno.mobileAppToken);
    assert.equal(fromTheApp.status, 204);
    assert.deepEqual((await verify(bruno.voiceCode)).body, { result: 'wrong', attemptsLeft: 2 });
    const verified = await verify('4321');
    assert.equal(verified.body.result, 'ok');
    assert.equal((await balances(bruno.token, verified.body.voiceSession)).status, 200);
  });

  it('starts the count again after the right code', async () => {
    await verify('0000');
    await verify('1111');
    assert.equal((await verify(bruno.voiceCode)).body.result, 'ok');
    assert.deepEqual((await verify('2222')).body, { result: 'wrong', attemptsLeft: 2 });
  });

  it('gives parallel guesses no more than three tries', async () => {
    const guesses = await Promise.all(['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008'].map((code) => verify(code)));
    const results = guesses.map((reply) => reply.body.result);
    assert.equal(results.filter((result) => result === 'wrong').length, 2);
    assert.equal(results.filter((result) => result === 'locked').length, 6);
    assert.equal((await verify(bruno.voiceCode)).body.result, 'locked');
  });

  it("does not let Bruno's voice session open Chen's balances", async () => {
    const brunoSession = await backend.api.voiceSession(bruno);
    const borrowed = await balances(chen.token, brunoSession);
    assert.equal(borrowed.status, 403);
    assert.equal(borrowed.body.error.code, 'voice_code_required');
    assert.equal((await balances(chen.token, await backend.api.voiceSession(chen))).status, 200);
    assert.equal((await balances(bruno.token, 'made-up-session')).status, 403);
  });

  it('ends the voice sessions opened with the old code when the code is reset', async () => {
    const voiceSession = await backend.api.voiceSession(bruno);
    assert.equal((await reset('9876', bruno.mobileAppToken)).status, 204);
    assert.equal((await balances(bruno.token, voiceSession)).status, 403);
  });

  it('never asks a user without a voice code for one', async () => {
    assert.equal((await balances(alice.token)).status, 200);
    assert.equal((await backend.api.get(ApiPaths.transactions, { token: alice.token })).status, 200);
    const verified = await verify('1234', alice.token);
    assert.equal(verified.status, 404);
    assert.equal(verified.body.error.code, 'not_found');
  });

  const malformed: Array<[label: string, body: unknown]> = [
    ['letters', { code: '12a4' }],
    ['five digits', { code: '12345' }],
    ['three digits', { code: '123' }],
    ['a number instead of a string', { code: 1234 }],
    ['no code', {}],
  ];
  for (const [label, body] of malformed) {
    it(`refuses a code with ${label} with a reason naming the field, without counting an attempt`, async () => {
      const reply = await backend.api.post(ApiPaths.voiceCodeVerify, body, { token: bruno.token });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, /^code: /);
      assert.deepEqual((await verify('0000')).body, { result: 'wrong', attemptsLeft: 2 });
    });
  }

  it('refuses a malformed new code with a reason naming the field', async () => {
    const reply = await reset('98765', bruno.mobileAppToken);
    assert.equal(reply.status, 400);
    assert.match(reply.body.error.message, /^newCode: must be exactly 4 digits$/);
  });
});

describe('backend: voice session expiry', () => {
  it(`closes the voice session after ${VOICE_SESSION_MINUTES} minutes`, async () => {
    const dataDir = await makeDataDir();
    const db = await openSeededStore(await testStoreIn(dataDir));
    let now = new Date();
    const server = await serve(createBackendApp({ db, logger: createLogger('silent'), now: () => now }));
    try {
      const voiceSession = await server.api.voiceSession(bruno);
      now = new Date(now.getTime() + (VOICE_SESSION_MINUTES - 1) * MINUTE_MS);
      assert.equal((await server.api.get(ApiPaths.balances, { token: bruno.token, voiceSession })).status, 200);
      now = new Date(now.getTime() + 2 * MINUTE_MS);
      const expired = await server.api.get(ApiPaths.balances, { token: bruno.token, voiceSession });
      assert.equal(expired.status, 403);
      assert.equal(expired.body.error.code, 'voice_code_required');
    } finally {
      await server.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
