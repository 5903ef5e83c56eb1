/** Our skill as the load runs see it: createApp + createSkillServer, talking to the bench backend. */
import { createServer } from 'node:http';
import type { App } from '@jovotech/framework';
import { createApp } from '../../src/skill/app';
import { BackendClient } from '../../src/skill/services/backend-client';
import { createLogger } from '../../src/shared/logger';
import { createSkillServer } from '../../src/skill/server/express';
import { listenOnLoopback, RunningService } from '../lib/service';

/** Production's per-call timeout (config.ts default). */
const BACKEND_TIMEOUT_MS = 2500;

export function createBenchApp(backendUrl: string): App {
  return createApp({ backend: new BackendClient({ baseUrl: backendUrl, timeoutMs: BACKEND_TIMEOUT_MS }), logger: createLogger('silent') });
}

/** Serves `app` the way src/skill/server/express.ts does, without signature checks (as development does). */
export async function serveSkillApp(app: App): Promise<RunningService> {
  await app.initialize();
  return listenOnLoopback(createServer(createSkillServer({ app, logger: createLogger('silent') })));
}

export function startOurSkill(backendUrl: string): Promise<RunningService> {
  return serveSkillApp(createBenchApp(backendUrl));
}
