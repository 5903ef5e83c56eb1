/**
 * Cold start: a new Node process each run, timed from spawn to the first correct answer.
 * The express server is polled on a port chosen before it starts; the Lambda handler is
 * invoked in its own process by targets/lambda-cold.ts, which reports over IPC.
 */
import { fork, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { LOOPBACK } from './service';
import { nodeFlagsFor } from './child';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOOPBACK, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface Answer {
  status: number;
  body: string;
}

/** A GET without a body, or a POST of JSON. */
function call(url: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      body === undefined
        ? { method: 'GET', agent: false }
        : { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ServerColdStartOptions {
  file: string;
  args?: string[];
  /** Gets PORT and BENCH_PORT set to the chosen port. */
  env?: NodeJS.ProcessEnv;
  path: string;
  body: string;
  verify(answer: Answer): boolean;
  timeoutMs?: number;
}

interface ServerProcess {
  port: number;
  startedAt: number;
  /** Throws with the server's last words if it has exited. */
  assertRunning(): void;
}

/** Spawns a server on a free port, runs `use` against it, and stops it whatever happens. */
async function withServerProcess<T>(options: Pick<ServerColdStartOptions, 'file' | 'args' | 'env'>, use: (server: ServerProcess) => Promise<T>): Promise<T> {
  const port = await freePort();
  let stderr = '';
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeFlagsFor(options.file), options.file, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env, PORT: String(port), BENCH_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await use({
      port,
      startedAt,
      assertRunning: () => {
        if (child.exitCode !== null) throw new Error(`${options.file} exited with ${child.exitCode}: ${stderr}`);
      },
    });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} ${stderr}`);
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}

/** Calls `url` until the server accepts connections; the first answer it gives. */
async function firstAnswer(server: ServerProcess, url: string, body: string | undefined, timeoutMs: number): Promise<Answer> {
  const deadline = server.startedAt + timeoutMs;
  while (performance.now() < deadline) {
    server.assertRunning();
    try {
      return await call(url, body);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
      await sleep(3);
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Milliseconds from spawning the server process to its first correct answer. */
export function serverColdStartMs(options: ServerColdStartOptions): Promise<number> {
  return withServerProcess(options, async (server) => {
    const answer = await firstAnswer(server, `http://${LOOPBACK}:${server.port}${options.path}`, options.body, options.timeoutMs ?? 30000);
    if (!options.verify(answer)) throw new Error(`${options.file} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return performance.now() - server.startedAt;
  });
}

export interface FirstTurnOptions extends ServerColdStartOptions {
  /** A cheap request that answers once the server listens (its health check). */
  readyPath: string;
}

/**
 * The first turn once the server says it is up: its round trip, and how long the start took.
 * A server that loads its models before it listens answers it as fast as any other.
 */
export function firstTurnAfterStart(options: FirstTurnOptions): Promise<{ readyMs: number; firstTurnMs: number }> {
  return withServerProcess(options, async (server) => {
    const base = `http://${LOOPBACK}:${server.port}`;
    await firstAnswer(server, base + options.readyPath, undefined, options.timeoutMs ?? 30000);
    const readyMs = performance.now() - server.startedAt;
    const sentAt = performance.now();
    const answer = await call(base + options.path, options.body);
    const firstTurnMs = performance.now() - sentAt;
    if (!options.verify(answer)) throw new Error(`${options.file} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return { readyMs, firstTurnMs };
  });
}

/** What targets/lambda-cold.ts reports from inside the fresh process (ms since process start, except durations). */
export interface LambdaColdReport {
  type: 'lambda-cold';
  ok: boolean;
  error?: string;
  /** Node's own start-up, until the first line of the script ran. */
  bootMs: number;
  /** require() of the handler module (framework, app construction, configuration). */
  loadMs: number;
  /** The first invocation: app.initialize() (i18n, NLU training) and the LaunchRequest. */
  firstInvokeMs: number;
  /** A second, warm invocation (BalanceIntent, with its backend call). */
  warmInvokeMs: number;
  /** Peak RSS of the process after both invocations: what the Lambda's memory size must hold. */
  peakRssMb: number;
}

export interface LambdaColdStart extends LambdaColdReport {
  /** From spawning the process to receiving the first answer's report. */
  wallMs: number;
}

export async function lambdaColdStart(
  file: string,
  handlerFile: string,
  env: NodeJS.ProcessEnv,
  nodeFlags: string[] = [],
  timeoutMs = 30000,
): Promise<LambdaColdStart> {
  const startedAt = performance.now();
  const child = fork(file, [handlerFile], {
    env: { ...process.env, ...env },
    execArgv: [...nodeFlagsFor(file), ...nodeFlags],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await new Promise<LambdaColdStart>((resolve, reject) => {
      let firstAnswerAt = Number.NaN;
      const timer = setTimeout(() => reject(new Error(`lambda cold start timed out: ${stderr}`)), timeoutMs);
      child.on('message', (message: { type?: string }) => {
        if (message.type === 'first-answer') firstAnswerAt = performance.now();
        if (message.type !== 'lambda-cold') return;
        clearTimeout(timer);
        const report = message as LambdaColdReport;
        if (!report.ok) reject(new Error(`lambda handler failed: ${report.error}`));
        else resolve({ ...report, wallMs: firstAnswerAt - startedAt });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`lambda cold-start process exited with ${code}: ${stderr}`));
      });
    });
  } finally {
    // The script exits by itself once it has reported (and --cpu-prof writes its file then).
    const timer = setTimeout(() => child.kill('SIGTERM'), 10000);
    await exited;
    clearTimeout(timer);
  }
}
