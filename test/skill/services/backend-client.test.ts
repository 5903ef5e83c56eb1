import assert from 'node:assert/strict';
import nock from 'nock';
import type { Balance, Profile, Transaction, VoiceCodeResult } from '../../../src/shared/contract/api';
import { BackendClient, BackendError, BackendFailure } from '../../../src/skill/services/backend-client';

const BACKEND_URL = 'http://backend.test';
/** Per attempt; the slow replies below take longer than this. */
const TIMEOUT_MS = 100;
const SLOW_MS = 500;

const TOKEN = 'token-alice-SECRET-7f3a';
const VOICE_SESSION = 'voice-session-SECRET-91c2';
const alice = { accessToken: TOKEN };
const aliceAfterVoiceCode = { accessToken: TOKEN, voiceSession: VOICE_SESSION };

const PROFILE: Profile = {
  userId: 'u-alice',
  displayName: 'Alice Martin',
  locale: 'en-US',
  timeZone: 'America/New_York',
  homeCurrency: 'USD',
  voiceCodeRequired: true,
};
const BALANCES: Balance[] = [{ currency: 'USD', availableMinor: 123456, pendingMinor: 0 }];
const STARBUCKS: Transaction = {
  id: 't-1',
  bookedAt: '2026-11-27T08:15:00.000Z',
  direction: 'debit',
  status: 'completed',
  amountMinor: 450,
  currency: 'USD',
  kind: 'card_payment',
  counterparty: 'Starbucks',
};
const CODE_OK: VoiceCodeResult = { result: 'ok', attemptsLeft: 3, voiceSession: VOICE_SESSION, expiresAt: '2026-11-27T08:30:00.000Z' };

const apiError = (code: string, message = 'no') => ({ error: { code, message } });

function backend() {
  return nock(BACKEND_URL);
}

/** The failure a call ended with; fails the test if the call succeeded or threw something else. */
async function failureOf(call: Promise<unknown>): Promise<BackendError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof BackendError, `expected a BackendError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

function assertNoSecrets(error: BackendError): void {
  for (const text of [error.message, String(error), String(error.stack)]) {
    assert.ok(!text.includes(TOKEN), text);
    assert.ok(!text.includes(VOICE_SESSION), text);
  }
}

describe('unit: client/backend-client', () => {
  const client = new BackendClient({ baseUrl: BACKEND_URL, timeoutMs: TIMEOUT_MS });

  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });

  describe('who is asking', () => {
    it('sends the linked account’s token as a bearer token, and the voice session once the code was spoken', async () => {
      const scope = backend()
        .matchHeader('authorization', `Bearer ${TOKEN}`)
        .matchHeader('x-voice-session', VOICE_SESSION)
        .get('/v1/balances')
        .reply(200, { balances: BALANCES });
      assert.deepEqual(await client.balances(aliceAfterVoiceCode), BALANCES);
      assert.ok(scope.isDone());
    });

    it('sends no voice session header before the code was spoken', async () => {
      const scope = nock(BACKEND_URL, { badheaders: ['x-voice-session'] })
        .matchHeader('authorization', `Bearer ${TOKEN}`)
        .get('/v1/profile')
        .reply(200, PROFILE);
      assert.deepEqual(await client.profile(alice), PROFILE);
      assert.ok(scope.isDone());
    });
  });

  describe('what is asked', () => {
    it('sends the transaction filters the user spoke as query parameters', async () => {
      const scope = backend()
        .get('/v1/transactions')
        .query({ limit: '4', counterparty: 'Marks & Spencer', from: '2026-11-01T04:00:00.000Z', to: '2026-12-01T04:59:59.999Z' })
        .reply(200, { transactions: [STARBUCKS] });
      const found = await client.transactions(alice, {
        limit: 4,
        counterparty: 'Marks & Spencer',
        from: '2026-11-01T04:00:00.000Z',
        to: '2026-12-01T04:59:59.999Z',
      });
      assert.deepEqual(found, [STARBUCKS]);
      assert.ok(scope.isDone());
    });

    it('sends no query at all when there are no filters, and leaves out filters the user did not give', async () => {
      const scope = backend()
        .get('/v1/transactions')
        .query({})
        .reply(200, { transactions: [] })
        .get('/v1/transactions')
        .query({ limit: '3' })
        .reply(200, { transactions: [] });
      assert.deepEqual(await client.transactions(alice), []);
      assert.deepEqual(await client.transactions(alice, { limit: 3, counterparty: undefined, from: undefined }), []);
      assert.ok(scope.isDone());
    });

    it('asks for one currency when the user named one', async () => {
      const scope = backend().get('/v1/balances').query({ currency: 'EUR' }).reply(200, { balances: [] });
      assert.deepEqual(await client.balances(alice, 'EUR'), []);
      assert.ok(scope.isDone());
    });

    it('encodes a transaction id so it cannot change the path', async () => {
      const scope = backend().get('/v1/transactions/t-1%2F..%2Fadmin').reply(200, STARBUCKS);
      assert.deepEqual(await client.transaction(alice, 't-1/../admin'), STARBUCKS);
      assert.ok(scope.isDone());
    });

    it('posts the spoken voice code as JSON and returns the voice session', async () => {
      const scope = backend().matchHeader('content-type', 'application/json').post('/v1/voice-code/verify', { code: '1234' }).reply(200, CODE_OK);
      assert.deepEqual(await client.verifyVoiceCode(alice, '1234'), CODE_OK);
      assert.ok(scope.isDone());
    });
  });

  describe('when the backend struggles', () => {
    it('tries a read once more after a 5xx, and the user gets the answer', async () => {
      const scope = backend().get('/v1/profile').reply(503, apiError('internal')).get('/v1/profile').reply(200, PROFILE);
      assert.deepEqual(await client.profile(alice), PROFILE);
      assert.ok(scope.isDone());
    });

    it('tries a read once more after a timeout, and the user gets the answer', async () => {
      const scope = backend().get('/v1/profile').delay(SLOW_MS).reply(200, PROFILE).get('/v1/profile').reply(200, PROFILE);
      assert.deepEqual(await client.profile(alice), PROFILE);
      assert.ok(scope.isDone());
    });

    it('gives up as "unavailable" after exactly two failed reads (5xx)', async () => {
      const scope = backend().get('/v1/balances').times(2).reply(500, apiError('internal'));
      const third = backend().get('/v1/balances').reply(200, { balances: BALANCES });
      const error = await failureOf(client.balances(alice));
      assert.equal(error.failure, 'unavailable');
      assert.equal(error.status, 500);
      assert.ok(scope.isDone());
      assert.ok(!third.isDone(), 'a third attempt was made');
    });

    it('gives up as "unavailable" after exactly two timed-out reads, without waiting for the slow answers', async () => {
      const scope = backend().get('/v1/profile').times(2).delay(SLOW_MS).reply(200, PROFILE);
      const third = backend().get('/v1/profile').reply(200, PROFILE);
      const started = Date.now();
      const error = await failureOf(client.profile(alice));
      assert.equal(error.failure, 'unavailable');
      assert.ok(Date.now() - started < SLOW_MS, `took ${Date.now() - started} ms`);
      assert.ok(scope.isDone());
      assert.ok(!third.isDone(), 'a third attempt was made');
    });

    it('never retries a voice code check after a 5xx: a second try could cost the user an attempt', async () => {
      const scope = backend().post('/v1/voice-code/verify').reply(503, apiError('internal'));
      const retry = backend().post('/v1/voice-code/verify').reply(200, CODE_OK);
      const error = await failureOf(client.verifyVoiceCode(alice, '1234'));
      assert.equal(error.failure, 'unavailable');
      assert.ok(scope.isDone());
      assert.ok(!retry.isDone(), 'the voice code was sent twice');
    });

    it('never retries a voice code check after a timeout', async () => {
      const scope = backend().post('/v1/voice-code/verify').delay(SLOW_MS).reply(200, CODE_OK);
      const retry = backend().post('/v1/voice-code/verify').reply(200, CODE_OK);
      const error = await failureOf(client.verifyVoiceCode(alice, '1234'));
      assert.equal(error.failure, 'unavailable');
      assert.ok(scope.isDone());
      assert.ok(!retry.isDone(), 'the voice code was sent twice');
    });
  });

  describe('what a refusal means to the conversation', () => {
    const refusals: Array<[status: number, code: string, failure: BackendFailure]> = [
      [401, 'unauthorized', 'unauthorized'],
      [403, 'voice_code_required', 'voice_code_required'],
      [403, 'forbidden', 'rejected'],
      [404, 'not_found', 'not_found'],
      [400, 'bad_request', 'rejected'],
      [409, 'account_frozen', 'rejected'],
    ];
    for (const [status, code, failure] of refusals) {
      it(`${status} ${code} is "${failure}", at once and without a retry`, async () => {
        // Only one reply: a retry would find no match and end as "unavailable".
        const scope = backend().get('/v1/transactions/t-1').reply(status, apiError(code));
        const error = await failureOf(client.transaction(alice, 't-1'));
        assert.equal(error.failure, failure);
        assert.equal(error.status, status);
        assert.ok(scope.isDone());
      });
    }
  });

  describe('the cause an apology is counted with (analytics)', () => {
    it('a 429 is "rate_limited", at once and without a retry: not a refusal of the request', async () => {
      const scope = backend().get('/v1/balances').reply(429, apiError('too_many_requests'), { 'Retry-After': '30' });
      const error = await failureOf(client.balances(alice));
      assert.deepEqual([error.failure, error.reason, error.status], ['rate_limited', 'rate_limited', 429]);
      assert.ok(scope.isDone());
    });

    it('a 429 without the API error shape (a proxy) is "rate_limited" too', async () => {
      backend().post('/v1/handoff/tickets').reply(429, 'slow down');
      const error = await failureOf(client.createHandoffTicket(alice, 'key-1', {} as never));
      assert.deepEqual([error.failure, error.reason], ['rate_limited', 'rate_limited']);
    });

    const causes: Array<[what: string, fake: () => void, reason: string]> = [
      ['5xx', () => backend().get('/v1/profile').times(2).reply(503, apiError('internal')), 'server_error'],
      ['a timeout', () => backend().get('/v1/profile').times(2).delay(SLOW_MS).reply(200, PROFILE), 'timeout'],
      [
        'a refused connection',
        () =>
          backend()
            .get('/v1/profile')
            .times(2)
            .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
        'unreachable',
      ],
      ['200 outside the contract', () => backend().get('/v1/profile').times(2).reply(200, { nobody: true }), 'invalid_response'],
      ['an HTML page', () => backend().get('/v1/profile').times(2).reply(200, '<html>Bad gateway</html>', { 'content-type': 'text/html' }), 'invalid_response'],
      ['a 4xx without the API error shape', () => backend().get('/v1/profile').times(2).reply(404, { message: 'Not Found' }), 'invalid_response'],
      ['a refusal', () => backend().get('/v1/profile').reply(400, apiError('bad_request')), 'rejected'],
    ];
    for (const [what, fake, reason] of causes) {
      it(`${what}: "${reason}"`, async () => {
        fake();
        assert.equal((await failureOf(client.profile(alice))).reason, reason);
      });
    }
  });

  describe('answers that break the contract are "unavailable"', () => {
    const broken: Array<[what: string, body: Record<string, unknown>]> = [
      ['an amount with a fraction of a cent', { transactions: [{ ...STARBUCKS, amountMinor: 4.5 }] }],
      ['an amount as a string', { transactions: [{ ...STARBUCKS, amountMinor: '450' }] }],
      ['a missing list', { items: [] }],
    ];
    for (const [what, body] of broken) {
      it(`200 with ${what}`, async () => {
        const scope = backend().get('/v1/transactions').times(2).reply(200, body);
        const error = await failureOf(client.transactions(alice));
        assert.equal(error.failure, 'unavailable');
        assert.equal(error.status, 200);
        assert.ok(scope.isDone());
      });
    }

    it('200 with an HTML page instead of JSON', async () => {
      const scope = backend().get('/v1/profile').times(2).reply(200, '<html>Bad gateway</html>', { 'content-type': 'text/html' });
      const error = await failureOf(client.profile(alice));
      assert.equal(error.failure, 'unavailable');
      assert.ok(scope.isDone());
    });

    it('a 4xx whose body is not the API error shape', async () => {
      const scope = backend().get('/v1/profile').times(2).reply(404, { message: 'Not Found' });
      const error = await failureOf(client.profile(alice));
      assert.equal(error.failure, 'unavailable');
      assert.ok(scope.isDone());
    });
  });

  describe('error messages are safe to log', () => {
    it('names the call but never the token or voice session, whatever went wrong', async () => {
      const scope = backend()
        .get('/v1/balances')
        .reply(401, apiError('unauthorized', `bad token ${TOKEN}`))
        .get('/v1/balances')
        .times(2)
        .reply(503, apiError('internal'))
        .get('/v1/balances')
        .times(2)
        .delay(SLOW_MS)
        .reply(200, { balances: BALANCES })
        .get('/v1/balances')
        .times(2)
        .reply(200, { balances: 'none' });
      const errors = [
        await failureOf(client.balances(aliceAfterVoiceCode)),
        await failureOf(client.balances(aliceAfterVoiceCode)),
        await failureOf(client.balances(aliceAfterVoiceCode)),
        await failureOf(client.balances(aliceAfterVoiceCode)),
      ];
      assert.deepEqual(
        errors.map((error) => error.failure),
        ['unauthorized', 'unavailable', 'unavailable', 'unavailable'],
      );
      for (const error of errors) {
        assert.match(error.message, /^GET \/v1\/balances /);
        assertNoSecrets(error);
      }
      assert.ok(scope.isDone());
    });
  });
});
