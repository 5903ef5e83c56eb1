/**
 * The service backend, seeded with the demo users: on a fresh SQLite store in a temporary
 * directory, or on the PostgreSQL database BENCH_DATABASE_URL names (a schema of its own the
 * harness made for the run, see lib/postgres.ts; several instances may share it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend } from '../../src/backend/main';
import type { StoreLocation } from '../../src/backend/db/store';
import { createLogger } from '../../src/shared/logger';
import { onLoopback, RunningService } from '../lib/service';

const NO_RATE_LIMITS = { windowSeconds: 60, perIp: 0, perUser: 0 };

export async function startBenchBackend(databaseUrl = process.env.BENCH_DATABASE_URL): Promise<RunningService> {
  // Not DATABASE_URL: one set in the shell would move the SQLite figures to PostgreSQL unnoticed.
  const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'carevoice-bench-'));
  const store: StoreLocation = dataDir === undefined ? { databaseUrl: databaseUrl as string } : { dataDir };
  // Load tests are one user at thousands of requests a second: the rate limits would answer 429.
  const backend = await startBackend({ port: 0, store, logger: createLogger('silent'), rateLimits: NO_RATE_LIMITS });
  return {
    url: onLoopback(backend.url),
    close: async () => {
      await backend.close();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
