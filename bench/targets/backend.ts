/** The service backend on a fresh SQLite store in a temporary directory, seeded with the demo users. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend } from '../../src/backend/main';
import { createLogger } from '../../src/shared/logger';
import { onLoopback, RunningService } from '../lib/service';

const NO_RATE_LIMITS = { windowSeconds: 60, perIp: 0, perUser: 0 };

export async function startBenchBackend(): Promise<RunningService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'carevoice-bench-'));
  // Load tests are one user at thousands of requests a second: the rate limits would answer 429.
  const backend = await startBackend({ port: 0, dataDir, logger: createLogger('silent'), rateLimits: NO_RATE_LIMITS });
  return {
    url: onLoopback(backend.url),
    close: async () => {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
