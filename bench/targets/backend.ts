/** The service backend on a fresh SQLite store in a temporary directory, seeded with the demo users. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend } from '../../src/backend/main';
import { createLogger } from '../../src/logger';
import { onLoopback, RunningService } from '../lib/service';

export async function startBenchBackend(): Promise<RunningService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'carevoice-bench-'));
  const backend = await startBackend({ port: 0, dataDir, logger: createLogger('silent') });
  return {
    url: onLoopback(backend.url),
    close: async () => {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
