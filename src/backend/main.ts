import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadBackendConfig } from './config';
import { createBackendApp, flushPendingWrites, settleArrivedTransfers } from './app';
import { openSeededStore } from './seed/seed';
import type { StoreLocation } from './db/store';
import type { RateLimitSettings } from './http/rate-limit';
import { redisLimitStores } from './http/shared-limits';
import { createLogger } from '../shared/logger';

export interface BackendOptions {
  /** 0 picks a free port. */
  port: number;
  /** The SQLite data directory, or a PostgreSQL database (DATABASE_URL). */
  store: StoreLocation;
  logger?: Logger;
  /** Request budgets; the generous defaults when absent. */
  rateLimits?: RateLimitSettings;
  /** Redis for the budgets shared by every instance (REDIS_URL); each instance counts alone without it. */
  redisUrl?: string;
  /** The agent desk's key for the handoff queue (CAREVOICE_AGENT_API_KEY). */
  agentApiKey?: string;
  /** The analytics dashboard's key for the summary (CAREVOICE_ANALYTICS_KEY). */
  analyticsApiKey?: string;
  /** How often delayed transfers that have arrived are settled: at most this late after `arrivesAt`. */
  settlementSweepMs?: number;
}

export interface RunningBackend {
  /** e.g. http://localhost:4000 */
  url: string;
  /** Stops accepting requests, waits for those in flight, then closes the database. */
  close(): Promise<void>;
}

/** Opens (and on first use seeds) the store and serves the backend; usable in the skill's own process. */
export async function startBackend({
  port,
  store,
  logger = createLogger(),
  rateLimits,
  redisUrl,
  agentApiKey,
  analyticsApiKey,
  settlementSweepMs = 30_000,
}: BackendOptions): Promise<RunningBackend> {
  const db = await openSeededStore(store);
  const sharedLimits = redisUrl === undefined ? undefined : redisLimitStores(redisUrl);
  const app = createBackendApp({ db, logger, rateLimits, limitStores: sharedLimits?.stores, agentApiKey, analyticsApiKey });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(port, () => resolve(listening));
    listening.once('error', reject);
  }).catch(async (error: unknown) => {
    await db.close();
    await sharedLimits?.close();
    throw error;
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  logger.info({ url, engine: db.engine, ...(store.databaseUrl === undefined ? { dataDir: store.dataDir } : {}) }, 'CareVoice backend listening');

  let sweeping: Promise<void> | undefined;
  const sweep = setInterval(() => {
    // One sweep at a time: a slow one is not joined by the next.
    sweeping ??= settleArrivedTransfers(app)
      .then((settled) => {
        if (settled > 0) logger.info({ settled }, 'delayed transfers arrived');
      })
      // A busy or failing database: the next sweep settles what this one could not.
      .catch((error: unknown) => logger.error({ err: error }, 'settling delayed transfers failed'))
      .finally(() => {
        sweeping = undefined;
      });
  }, settlementSweepMs);
  // The sweep alone never keeps the process alive.
  sweep.unref();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve, reject) => {
      clearInterval(sweep);
      server.close((error) => {
        void (async () => {
          await sweeping;
          await flushPendingWrites(app);
          await db.close();
          await sharedLimits?.close();
        })().then(() => (error ? reject(error) : resolve()), reject);
      });
    });
    return closing;
  };
  return { url, close };
}

async function main(): Promise<void> {
  const config = loadBackendConfig();
  const logger = createLogger(config.logLevel).child({ component: 'backend' });
  const backend = await startBackend({
    port: config.port,
    store: config.store,
    logger,
    rateLimits: config.rateLimits,
    redisUrl: config.redisUrl,
    agentApiKey: config.agentApiKey,
    analyticsApiKey: config.analyticsApiKey,
    settlementSweepMs: config.settlementSweepMs,
  });
  const shutDown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'CareVoice backend shutting down');
    backend.close().catch((error: unknown) => {
      logger.error({ err: error }, 'CareVoice backend did not shut down cleanly');
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // The logger may be what failed (a bad LOG_LEVEL): report on stderr directly.
    process.stderr.write(`CareVoice backend failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
