/**
 * The contract between the orchestrator and the servers it measures: each target starts on
 * 127.0.0.1 port 0 and reports its URL. In a child process (`targets/serve.ts`) the URL goes
 * to the parent over IPC, so the RSS the parent reads is the server's own.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export interface RunningService {
  url: string;
  close(): Promise<void>;
}

/** A fixed port for cold-start runs, which poll a port known before the process starts; else any free one. */
const REQUESTED_PORT = Number(process.env.BENCH_PORT ?? 0);

/** Listens on 127.0.0.1 and resolves with the service handle. */
export function listenOnLoopback(server: Server, port = REQUESTED_PORT): Promise<RunningService> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://${LOOPBACK}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

/** A service URL on 127.0.0.1 whatever host name the service reported (the backend says localhost). */
export function onLoopback(url: string): string {
  const parsed = new URL(url);
  parsed.hostname = LOOPBACK;
  return parsed.toString().replace(/\/$/, '');
}

export interface ReadyMessage {
  type: 'ready';
  url: string;
}

/** Child side: start, tell the parent, and stop cleanly on 'stop' or SIGTERM (so --cpu-prof gets written). */
export async function serveAsChild(start: () => Promise<RunningService>): Promise<void> {
  const service = await start();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.race([service.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
    process.exit(0);
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stop') void stop();
  });
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  // The parent going away must not leave a server behind.
  process.once('disconnect', () => void stop());
  const ready: ReadyMessage = { type: 'ready', url: service.url };
  process.send?.(ready);
}
