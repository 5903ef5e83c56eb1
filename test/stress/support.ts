/** Shared by the stress tests: the servers as real child processes that a test can kill, and a load balancer. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
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

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface SkillProcess {
  /** Where Alexa's requests go (POST /webhook). */
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s entry (src/main.ts) in its own process, logging to `logFile`: the skill
 * with its embedded backend on `dataDir`, or, with BACKEND_URL in `env`, the skill alone. Waits
 * until it listens (the language models load first).
 */
export async function startSkillProcess(dataDir: string, logFile: string, env: Record<string, string> = {}): Promise<SkillProcess> {
  const output = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', TS_NODE_TRANSPILE_ONLY: 'true', CAREVOICE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  for (;;) {
    const match = readFileSync(logFile, 'utf8').match(/"alexa":"(http:\/\/localhost:\d+)\/webhook"/);
    if (match) {
      return {
        url: match[1]!.replace('localhost', '127.0.0.1'),
        child,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`the server exited: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() - started > 120_000) throw new Error('the server did not start within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface LoadBalancer {
  url: string;
  /** When each request answered 502 was sent: its instance died while it was in flight. */
  droppedSentAt: number[];
  close(): Promise<void>;
}

/**
 * What a load balancer with health checks does in front of backend instances, reduced to what the
 * kill test needs: round robin, and an instance that refuses connections is passed over (the
 * request never reached it, so sending it elsewhere is safe). A request whose instance dies while
 * it is in flight may or may not have been carried out: it is answered 502, never replayed. A new
 * connection per request, so that no request goes out on a socket its instance already closed.
 */
export async function startLoadBalancer(targets: string[]): Promise<LoadBalancer> {
  let next = 0;
  const balancer: LoadBalancer = { url: '', droppedSentAt: [], close: async () => undefined };
  const forward = (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse, sentAt: number, first: number, tries: number) => {
    const target = new URL(targets[(first + tries) % targets.length]!);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent: false },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.once('error', () => response.destroy());
      },
    );
    upstream.once('error', (error: Error & { code?: string; syscall?: string }) => {
      const neverReached = error.code === 'ECONNREFUSED' || error.syscall === 'connect';
      if (neverReached && tries + 1 < targets.length) return forward(request, body, response, sentAt, first, tries + 1);
      balancer.droppedSentAt.push(sentAt);
      if (response.headersSent) return response.destroy();
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'The instance went away.' } }));
    });
    upstream.end(body);
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(request, Buffer.concat(chunks), response, Date.now(), next++, 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  balancer.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return balancer;
}
