/**
 * Child-process entry of every measured server: `node dist/bench/targets/serve.js <target>`.
 * Each loads only what its target needs, so the parent reads that server's own RSS.
 */
import { serveAsChild, RunningService } from '../lib/service';

export const TARGETS = ['backend', 'ours', 'bare', 'limit'] as const;
export type TargetName = (typeof TARGETS)[number];

function backendUrl(): string {
  const url = process.env.BENCH_BACKEND_URL;
  if (!url) throw new Error('BENCH_BACKEND_URL is not set');
  return url;
}

export async function startTarget(name: TargetName): Promise<RunningService> {
  switch (name) {
    case 'backend':
      return (await import('./backend')).startBenchBackend();
    case 'ours':
      return (await import('./skills')).startOurSkill(backendUrl());
    case 'bare':
      return (await import('../bare-sdk-skill')).startBareSkill(backendUrl());
    case 'limit':
      return (await import('./limit-server')).startLimitServer();
  }
}

if (require.main === module) {
  const name = process.argv[2] as TargetName;
  if (!TARGETS.includes(name)) {
    process.stderr.write(`unknown target ${name}; one of ${TARGETS.join(', ')}\n`);
    process.exit(2);
  }
  serveAsChild(() => startTarget(name)).catch((error: unknown) => {
    process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
