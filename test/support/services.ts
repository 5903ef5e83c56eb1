/**
 * The shared services the scale-out tests run against (Redis, PostgreSQL). Where one is not
 * reachable those tests are skipped with a line saying so, except under .ci/run, which starts the
 * services and sets CAREVOICE_REQUIRE_SERVICES=1 so that a missing one fails instead.
 */
import { Socket } from 'node:net';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether something accepts connections at the URL's host and port (within a second). */
export function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => done(true));
  });
}

/** In a `before` hook: skips the suite when the service is down, or fails when CI requires it. */
export async function requireService(context: Mocha.Context, name: string, url: string): Promise<void> {
  if (await reachable(url)) return;
  const redacted = url.replace(/\/\/[^@/]*@/, '//***@');
  if (process.env.CAREVOICE_REQUIRE_SERVICES === '1') throw new Error(`${name} is not reachable at ${redacted}, and CAREVOICE_REQUIRE_SERVICES=1`);
  process.stderr.write(`${name} tests skipped: nothing answers at ${redacted} (see README, Reliability)\n`);
  context.skip();
}
