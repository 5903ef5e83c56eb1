import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { AnalyticsPaths, ApiPaths, FraudReportPaths, type TurnEvent } from '../../src/shared/contract/api';
import { createBackendApp } from '../../src/backend/app';
import type { Db } from '../../src/backend/db/db';
import { openSeededStore } from '../../src/backend/seed/seed';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from '../../src/backend/http/rate-limit';
import { loadBackendConfig } from '../../src/backend/config';
import { createLogger } from '../../src/shared/logger';
import { DEMO_USERS, makeDataDir, serve, type Api } from './support';
import { testStoreIn } from '../support/store';

const { alice, bruno, sofia } = DEMO_USERS;

/** A backend with the given budgets on a fresh store. */
async function limitedBackend(rateLimits: RateLimitSettings): Promise<{ api: Api; db: Db; close(): Promise<void> }> {
  const dataDir = await makeDataDir();
  const db = await openSeededStore(await testStoreIn(dataDir));
  const server = await serve(createBackendApp({ db, logger: createLogger('silent'), rateLimits }));
  return {
    api: server.api,
    db,
    close: async () => {
      await server.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function countReports(db: Db): Promise<number> {
  const { count } = await db.executor
    .selectFrom('fraud_reports')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

describe('backend: rate limits', () => {
  it('answers 429 with Retry-After and a JSON reason once a user spends the budget, and touches nothing', async () => {
    const backend = await limitedBackend({ windowSeconds: 60, perIp: 0, perUser: 3 });
    try {
      for (let i = 0; i < 3; i += 1) {
        assert.equal((await backend.api.get(ApiPaths.balances, { token: alice.token })).status, 200);
      }
      const limited = await backend.api.get(ApiPaths.balances, { token: alice.token });
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${limited.headers.get('retry-after')}`);
      assert.equal(limited.body.error.code, 'too_many_requests');
      assert.match(limited.body.error.message, /try again in \d+ seconds/);
      assert.equal(limited.body.balances, undefined);

      // A refused write is not carried out: no report filed beyond the budget.
      const reportsBefore = await countReports(backend.db);
      const refused = await backend.api.post(
        FraudReportPaths.fraudReports,
        { scamType: 'other', channel: 'voice_assistant' },
        { token: alice.token, headers: { 'Idempotency-Key': 'rate-limited-1' } },
      );
      assert.equal(refused.status, 429);
      assert.equal(await countReports(backend.db), reportsBefore);
    } finally {
      await backend.close();
    }
  });

  it('counts per user, whichever token the user calls with, and leaves other users alone', async () => {
    const backend = await limitedBackend({ windowSeconds: 60, perIp: 0, perUser: 2 });
    try {
      assert.equal((await backend.api.get(ApiPaths.profile, { token: bruno.token })).status, 200);
      assert.equal((await backend.api.get(ApiPaths.profile, { token: bruno.mobileAppToken })).status, 200);
      assert.equal((await backend.api.get(ApiPaths.profile, { token: bruno.token })).status, 429);
      assert.equal((await backend.api.get(ApiPaths.profile, { token: bruno.mobileAppToken })).status, 429);
      assert.equal((await backend.api.get(ApiPaths.profile, { token: sofia.token })).status, 200);
    } finally {
      await backend.close();
    }
  });

  it("counts the skill's turn events in a budget of their own: the apology a 429 caused is still recorded", async () => {
    const backend = await limitedBackend({ windowSeconds: 60, perIp: 0, perUser: 2 });
    const event = (outcome: 'answered' | 'backend_error'): TurnEvent => ({
      at: new Date().toISOString(),
      sessionKey: 'a1b2c3d4e5f60718',
      platform: 'web',
      locale: 'en-US',
      intent: 'BalanceIntent',
      outcome,
      ...(outcome === 'backend_error' ? { cause: 'rate_limited' as const } : {}),
    });
    try {
      // Recording turns costs the user nothing of the budget for answers...
      assert.equal((await backend.api.post(AnalyticsPaths.events, event('answered'), { token: alice.token })).status, 202);
      assert.equal((await backend.api.get(ApiPaths.balances, { token: alice.token })).status, 200);
      assert.equal((await backend.api.get(ApiPaths.balances, { token: alice.token })).status, 200);
      assert.equal((await backend.api.get(ApiPaths.balances, { token: alice.token })).status, 429);
      // ...and a user out of that budget still has the apology it heard recorded.
      assert.equal((await backend.api.post(AnalyticsPaths.events, event('backend_error'), { token: alice.token })).status, 202);
      // The events' own budget stops a flood of them all the same.
      assert.equal((await backend.api.post(AnalyticsPaths.events, event('answered'), { token: alice.token })).status, 429);
    } finally {
      await backend.close();
    }
  });

  it('counts per address before authentication: a flood of guessed tokens is cut off with 429', async () => {
    const backend = await limitedBackend({ windowSeconds: 60, perIp: 5, perUser: 0 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        statuses.push((await backend.api.get(ApiPaths.profile, { token: `guess-${i}` })).status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
      // The address is out of budget for everyone behind it, real tokens included.
      const real = await backend.api.get(ApiPaths.profile, { token: alice.token });
      assert.equal(real.status, 429);
      assert.ok(Number(real.headers.get('retry-after')) > 0);
    } finally {
      await backend.close();
    }
  });

  it('opens again once the window has passed', async () => {
    const backend = await limitedBackend({ windowSeconds: 1, perIp: 0, perUser: 1 });
    try {
      assert.equal((await backend.api.get(ApiPaths.profile, { token: alice.token })).status, 200);
      assert.equal((await backend.api.get(ApiPaths.profile, { token: alice.token })).status, 429);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await backend.api.get(ApiPaths.profile, { token: alice.token })).status, 200);
    } finally {
      await backend.close();
    }
  });

  it('serves everything with both limits off', async () => {
    const backend = await limitedBackend({ windowSeconds: 60, perIp: 0, perUser: 0 });
    try {
      const replies = await Promise.all(Array.from({ length: 20 }, () => backend.api.get(ApiPaths.profile, { token: alice.token })));
      assert.deepEqual(new Set(replies.map((reply) => reply.status)), new Set([200]));
      assert.equal(replies[0].headers.get('ratelimit'), null);
    } finally {
      await backend.close();
    }
  });

  it('is generous by default and configurable from the environment, 0 meaning off', () => {
    assert.deepEqual(loadBackendConfig({}).rateLimits, DEFAULT_RATE_LIMITS);
    assert.ok(DEFAULT_RATE_LIMITS.perUser >= 100 && DEFAULT_RATE_LIMITS.perIp >= DEFAULT_RATE_LIMITS.perUser);
    assert.deepEqual(loadBackendConfig({ RATE_LIMIT_WINDOW_SECONDS: '10', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_USER: '50' }).rateLimits, {
      windowSeconds: 10,
      perIp: 0,
      perUser: 50,
    });
    assert.throws(() => loadBackendConfig({ RATE_LIMIT_PER_USER: '-1' }), /RATE_LIMIT_PER_USER/);
  });

  it('announces the budget in the RateLimit headers of ordinary answers', async () => {
    const backend = await limitedBackend({ windowSeconds: 60, perIp: 100, perUser: 10 });
    try {
      const reply = await backend.api.get(ApiPaths.profile, { token: alice.token });
      assert.equal(reply.status, 200);
      assert.match(reply.headers.get('ratelimit-policy') ?? '', /10;w=60/);
    } finally {
      await backend.close();
    }
  });
});
