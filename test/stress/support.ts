/** Shared by the stress tests: the backend as a real child process that a test can kill. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

export interface BackendProcess {
  url: string;
  child: ChildProcess;
  /** Resolves once the process has exited (whatever the reason). */
  exited: Promise<number | null>;
  /** SIGTERM and wait: the graceful way out. */
  stop(): Promise<void>;
}

/**
 * Starts `src/backend/main.ts` in its own node process on `dataDir` (port picked by the OS, rate
 * limits off, logs at info on stdout) and waits until it listens.
 */
export async function startBackendProcess(dataDir: string, env: Record<string, string> = {}): Promise<BackendProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(ROOT, 'src/backend/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      TS_NODE_TRANSPILE_ONLY: 'true',
      CAREVOICE_DATA_DIR: dataDir,
      BACKEND_PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_USER: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start within 60 s: ${stderr}`)), 60_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'CareVoice backend listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url.replace('localhost', '127.0.0.1'));
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited (${code}) before listening: ${stderr}`));
    });
  });
  return {
    url,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
