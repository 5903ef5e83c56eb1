import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { ApiPaths } from '../../src/shared/contract/api';
import { createBackendApp } from '../../src/backend/app';
import type { Db } from '../../src/backend/db/db';
import { openSeededStore } from '../../src/backend/seed/seed';
import { redisLimitStores, type SharedLimits } from '../../src/backend/http/shared-limits';
import type { RateLimitSettings } from '../../src/backend/http/rate-limit';
import { createLogger } from '../../src/shared/logger';
import { REDIS_URL, requireService } from '../support/services';
import { DEMO_USERS, makeDataDir, serve, type Api } from './support';
import { testStoreIn } from '../support/store';

const { alice, sofia } = DEMO_USERS;
const LIMITS: RateLimitSettings = { windowSeconds: 60, perIp: 0, perUser: 4 };

interface Instance {
  api: Api;
  close(): Promise<void>;
}

/** One backend instance on its own store, counting its budgets in `limits`. */
async function instance(limits: SharedLimits, logger = createLogger('silent')): Promise<Instance> {
  const dataDir = await makeDataDir();
  const db: Db = await openSeededStore(await testStoreIn(dataDir));
  const server = await serve(createBackendApp({ db, logger, rateLimits: LIMITS, limitStores: limits.stores }));
  return {
    api: server.api,
    close: async () => {
      await server.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe('backend: rate limits shared by several instances in Redis', () => {
  let limits: SharedLimits;
  let first: Instance;
  let second: Instance;

  before(async function () {
    await requireService(this, 'Redis', REDIS_URL);
    // A prefix of its own: runs sharing the Redis never count each other's requests.
    limits = redisLimitStores(REDIS_URL, `carevoice-test:${randomUUID()}`);
    [first, second] = await Promise.all([instance(limits), instance(limits)]);
  });

  after(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await limits?.close();
  });

  it('counts a user once across instances: 2 calls on each spend a budget of 4, the next is 429 on both', async () => {
    for (const api of [first.api, second.api, first.api, second.api]) {
      assert.equal((await api.get(ApiPaths.balances, { token: alice.token })).status, 200);
    }
    for (const api of [first.api, second.api]) {
      const refused = await api.get(ApiPaths.balances, { token: alice.token });
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 'too_many_requests');
    }
    // Another user has a budget of their own.
    assert.equal((await second.api.get(ApiPaths.profile, { token: sofia.token })).status, 200);
  });
});

describe('backend: rate limits when their Redis is down', () => {
  it('lets requests through (budgets stop abuse, not payments) and logs why', async () => {
    const logged: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => logged.push(line) });
    // Nothing listens on port 1.
    const limits = redisLimitStores('redis://127.0.0.1:1', `carevoice-test:${randomUUID()}`);
    const lonely = await instance(limits, logger);
    try {
      for (let i = 0; i < LIMITS.perUser + 2; i += 1) {
        assert.equal((await lonely.api.get(ApiPaths.balances, { token: alice.token })).status, 200);
      }
      assert.ok(
        logged.some((line) => line.includes('allowing request without rate-limiting')),
        'the store errors are logged',
      );
    } finally {
      await lonely.close();
      await limits.close();
    }
  });
});
