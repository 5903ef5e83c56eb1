/**
 * Parent side of the targets: spawn one in its own Node process, wait for its URL, read its
 * peak RSS from /proc (VmHWM, reset between phases through clear_refs), stop it by its pid.
 */
import { ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadyMessage } from './service';

/** Compiled (dist/bench) or TypeScript (bench/, under ts-node in the smoke test). */
const RUNNING_TYPESCRIPT = __filename.endsWith('.ts');
export const BENCH_DIR = join(__dirname, '..');

/** The file of a bench module, e.g. benchEntry('targets/serve'), in the same flavour as this one. */
export function benchEntry(relative: string): string {
  return join(BENCH_DIR, `${relative}${RUNNING_TYPESCRIPT ? '.ts' : '.js'}`);
}

/** Node flags a child needs to run `file` (ts-node for TypeScript). */
export function nodeFlagsFor(file: string): string[] {
  return file.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
}

export interface ChildOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  nodeFlags?: string[];
  readyTimeoutMs?: number;
}

export interface ChildService {
  readonly pid: number;
  readonly url: string;
  readonly process: ChildProcess;
  /** Peak resident set size since start or the last reset, in bytes (NaN where /proc is missing). */
  peakRssBytes(): number;
  /** Starts a new peak window; false where the kernel does not allow it (then the peak is since start). */
  resetPeakRss(): boolean;
  /** CPU time (user + system) the process has used so far, in ms (NaN where /proc is missing). */
  cpuTimeMs(): number;
  stop(): Promise<void>;
}

function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Peak RSS of this process in MB (VmHWM), else its current RSS. */
export function ownPeakRssMb(): number {
  const peak = procStatusKb(process.pid, 'VmHWM');
  return Number.isFinite(peak) ? peak / 1024 : process.memoryUsage().rss / (1024 * 1024);
}

/** Clock ticks per second of /proc/<pid>/stat: 100 on Linux everywhere that matters. */
const CLOCK_TICKS_PER_SECOND = 100;

export function cpuTimeMsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export function peakRssOf(pid: number): number {
  return procStatusKb(pid, 'VmHWM') * 1024;
}

export async function startChild(file: string, options: ChildOptions = {}): Promise<ChildService> {
  if (!existsSync(file)) throw new Error(`bench target ${file} is missing (run the build first)`);
  const child = fork(file, options.args ?? [], {
    env: { ...process.env, ...options.env },
    execArgv: [...nodeFlagsFor(file), ...(options.nodeFlags ?? [])],
    stdio: ['ignore', process.env.BENCH_CHILD_STDOUT ? 'inherit' : 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not start within ${options.readyTimeoutMs ?? 60000} ms: ${stderr}`));
    }, options.readyTimeoutMs ?? 60000);
    child.on('message', (message: ReadyMessage) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message.url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before it was ready: ${stderr}`));
    });
  });

  const pid = child.pid as number;
  return {
    pid,
    url,
    process: child,
    peakRssBytes: () => peakRssOf(pid),
    cpuTimeMs: () => cpuTimeMsOf(pid),
    resetPeakRss: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
