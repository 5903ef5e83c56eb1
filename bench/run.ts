/**
 * `npm run bench` (after the build): every measurement in one run, written to
 * BENCHMARKS.md. `--json`: the last line of stdout is the summary as one JSON object.
 * `--quick`: tiny rounds for trying the harness out (BENCHMARKS.md is left alone).
 * `--render`: rewrite BENCHMARKS.md from the last full run's results, measuring nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fork } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { alexaTurn, spokenText, webMessage, webTextTurn } from './lib/alexa-requests';
import { BENCH_DIR, benchEntry, ChildService, nodeFlagsFor, startChild } from './lib/child';
import { firstTurnAfterStart, lambdaColdStart, LambdaColdStart, serverColdStartMs } from './lib/cold-start';
import { runSteadyRound, warmUp } from './lib/load';
import { measureBackend } from './lib/backend-load';
import { describeMachine } from './lib/machine';
import { COLD_START_PHASES, hrtimeUs, summarizeProfile, TURN_PHASES } from './lib/profile';
import { renderConsoleSummary, renderReport } from './lib/report';
import type { BackendRow, BenchResults, ProfileResult } from './lib/results';
import { createBenchSchema, describePostgres, postgresUnavailable } from './lib/postgres';
import { median } from './lib/stats';
import { summarize } from './lib/summary';
import { answerMarker, balanceMarker, measureTurnsInterleaved, TurnSettings } from './lib/turns';
import { BENCH_ACCESS_TOKEN, BENCH_SKILL_ID } from './lib/alexa-requests';
import type { FaqReport } from './targets/faq-probe';
import { LAMBDA_BUNDLE, stageLambdaPackage } from '../scripts/build-lambda';

const args = new Set(process.argv.slice(2));
const JSON_OUTPUT = args.has('--json');
const QUICK = args.has('--quick');
/** Re-render BENCHMARKS.md from the last run's saved results (after changing the report's wording). */
const RENDER_ONLY = args.has('--render');

/** The repository root (dist/bench/run.js or bench/run.ts). */
const ROOT = join(BENCH_DIR, '..', ...(__filename.endsWith('.ts') ? [] : ['..']));
const DIST_SRC = join(ROOT, 'dist', 'src');
const PROFILE_DIR = join(ROOT, 'bench', 'profiles');
/** The last full run's results (bench/profiles/ is not committed). */
const RESULTS_FILE = join(PROFILE_DIR, 'results.json');

const SETTINGS: TurnSettings & { coldStartRuns: number; profileSeconds: number } = QUICK
  ? { concurrencies: [1, 16, 64], rounds: 1, roundSeconds: 0.3, warmupSeconds: 0.3, coldStartRuns: 1, profileSeconds: 1 }
  : { concurrencies: [1, 16, 64], rounds: 5, roundSeconds: 1, warmupSeconds: 1.5, coldStartRuns: 5, profileSeconds: 5 };

/** The FAQ classifier trains in-process when its artifact is missing (about a minute): wait that long, not forever. */
const FAQ_TIMEOUT_MS = 180_000;

/**
 * The comparisons of section 1, each measured with interleaved rounds. The limit answers one
 * fixed response whatever is asked, so it runs with the balance group only.
 */
const TURN_GROUPS: Array<{ kind: 'launch' | 'balance'; targets: string[] }> = [
  { kind: 'launch', targets: ['ours', 'bare'] },
  { kind: 'balance', targets: ['limit', 'bare', 'ours'] },
];

function log(message: string): void {
  // Progress on stderr keeps stdout for the report line(s).
  process.stderr.write(`[bench] ${message}\n`);
}

const running = new Set<ChildService>();

async function startTarget(target: string, backendUrl: string, nodeFlags: string[] = []): Promise<ChildService> {
  const child = await startChild(benchEntry('targets/serve'), {
    args: [target],
    env: { BENCH_BACKEND_URL: backendUrl, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
    nodeFlags,
  });
  running.add(child);
  return child;
}

async function stopTarget(child: ChildService): Promise<void> {
  await child.stop();
  running.delete(child);
}

async function section<T>(results: BenchResults, name: string, work: () => Promise<T>, fallback: T): Promise<T> {
  const started = performance.now();
  log(`${name}...`);
  try {
    const value = await work();
    log(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
    log(`FAILED ${message}`);
    results.errors.push(message);
    return fallback;
  }
}

async function turnSection(results: BenchResults, backend: ChildService): Promise<void> {
  const backendUrl = backend.url;
  const amount = await balanceMarker(backendUrl, BENCH_ACCESS_TOKEN);
  // The limit's fixed answer knows no balance.
  const expectedFor = (target: string, kind: 'launch' | 'balance') => (kind === 'balance' && target !== 'limit' ? amount : undefined);

  const servers = new Map<string, ChildService>();
  try {
    for (const target of new Set(TURN_GROUPS.flatMap((group) => group.targets))) servers.set(target, await startTarget(target, backendUrl));
    for (const { kind, targets } of TURN_GROUPS) {
      log(`  ${kind}: ${targets.join(', ')} (interleaved)`);
      const contestants = targets.map((target) => ({
        target,
        server: servers.get(target) as ChildService,
        expected: expectedFor(target, kind),
      }));
      results.turns.push(...(await measureTurnsInterleaved(contestants, kind, SETTINGS, backend)));
    }
  } finally {
    for (const server of servers.values()) await stopTarget(server);
  }
}

/**
 * What `npm run build:lambda` zips, staged afresh from this run's dist/ (never a stale zip) in a
 * temporary directory outside the repository, where nothing the package lacks can be found.
 */
let lambdaPackage: string | undefined;
let lambdaStaged: Promise<string> | undefined;
async function lambdaBundle(): Promise<string> {
  lambdaPackage ??= mkdtempSync(join(tmpdir(), 'carevoice-lambda-'));
  lambdaStaged ??= stageLambdaPackage(lambdaPackage);
  return join(await lambdaStaged, LAMBDA_BUNDLE);
}

/** As deployed: production (the skill id checked), the bench requests' skill id. */
function lambdaEnvironment(backendUrl: string): NodeJS.ProcessEnv {
  return { BACKEND_URL: backendUrl, NODE_ENV: 'production', LOG_LEVEL: 'silent', ALEXA_SKILL_ID: BENCH_SKILL_ID };
}

function expressAnswered(answer: { status: number; body: string }): boolean {
  return answer.status === 200 && Boolean(spokenText(answer.body));
}

async function coldStartSection(results: BenchResults, backendUrl: string): Promise<void> {
  const mainFile = join(DIST_SRC, 'main.js');
  const express = results.coldStart.express;
  if (!existsSync(mainFile)) {
    express.note = 'dist/src/main.js missing: build first';
  } else {
    for (let run = 0; run < SETTINGS.coldStartRuns; run++) {
      express.runs.push(
        await serverColdStartMs({
          file: mainFile,
          env: { BACKEND_URL: backendUrl, NODE_ENV: 'development', LOG_LEVEL: 'silent' },
          path: '/webhook',
          body: JSON.stringify(alexaTurn('launch')),
          verify: expressAnswered,
        }),
      );
    }
    express.medianMs = median(express.runs);
    const firstWebTurn = (results.coldStart.firstWebTurn ??= { runs: [], readyMs: [], medianMs: null });
    for (let run = 0; run < SETTINGS.coldStartRuns; run++) {
      const { readyMs, firstTurnMs } = await firstTurnAfterStart({
        file: mainFile,
        env: { BACKEND_URL: backendUrl, NODE_ENV: 'development', LOG_LEVEL: 'silent' },
        readyPath: '/health',
        path: '/web/webhook',
        body: JSON.stringify(webTextTurn('what is my balance')),
        // Alice's balance answer names her dollars: understood, and read from the backend.
        verify: (answer) => answer.status === 200 && (webMessage(answer.body) ?? '').includes('$'),
      });
      firstWebTurn.runs.push(firstTurnMs);
      firstWebTurn.readyMs.push(readyMs);
    }
    firstWebTurn.medianMs = median(firstWebTurn.runs);
  }

  const lambda = results.coldStart.lambda;
  if (!existsSync(join(ROOT, 'src', 'skill', 'server', 'lambda.ts'))) {
    lambda.note = 'src/skill/server/lambda.ts does not exist yet';
    return;
  }
  const handlerFile = await lambdaBundle();
  for (let run = 0; run < SETTINGS.coldStartRuns; run++) {
    const report: LambdaColdStart = await lambdaColdStart(benchEntry('targets/lambda-cold'), handlerFile, lambdaEnvironment(backendUrl));
    lambda.details.push(report);
    lambda.runs.push(report.wallMs);
  }
  lambda.medianMs = median(lambda.runs);
}

function faqSection(): Promise<FaqReport> {
  const file = benchEntry('targets/faq-probe');
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv: [...nodeFlagsFor(file), '--expose-gc'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        FAQ_WARMUP: QUICK ? '20' : '200',
        FAQ_MEASURED: QUICK ? '100' : '2000',
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ type: 'faq', available: false, note: `loading took longer than ${FAQ_TIMEOUT_MS / 1000} s: not measured` });
    }, FAQ_TIMEOUT_MS);
    child.on('message', (report: FaqReport) => {
      clearTimeout(timer);
      resolve(report);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`faq probe exited with ${code}: ${stderr}`));
    });
  });
}

/** A backend in its own process (targets/serve.ts): SQLite in a temporary directory, or PostgreSQL at `databaseUrl`. */
async function startBackendTarget(databaseUrl?: string, nodeFlags: string[] = []): Promise<ChildService> {
  const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'silent', ...(databaseUrl === undefined ? {} : { BENCH_DATABASE_URL: databaseUrl }) };
  const backend = await startChild(benchEntry('targets/serve'), { args: ['backend'], env, nodeFlags });
  running.add(backend);
  return backend;
}

/**
 * Balance reads and transfers on PostgreSQL, with one instance and with two on one database
 * (each its own process, the load's connections alternating between them); a fresh schema for
 * each, so both start from the seeded state as the SQLite figures do. Without a reachable
 * database the figures are skipped (noted in the report), not failed.
 */
async function postgresBackendSection(results: BenchResults): Promise<BackendRow[]> {
  const unavailable = await postgresUnavailable();
  if (unavailable) {
    results.backendPostgresNote = `PostgreSQL at ${describePostgres()} is not reachable (${unavailable}): the PostgreSQL figures are skipped`;
    log(`  ${results.backendPostgresNote}`);
    return [];
  }
  const rows: BackendRow[] = [];
  for (const instances of [1, 2]) {
    const schema = await createBenchSchema();
    log(`  ${instances} instance(s) on schema ${schema.name}`);
    const backends: ChildService[] = [];
    try {
      // One after the other: the first migrates and seeds the new schema, the next finds it ready.
      for (let instance = 0; instance < instances; instance++) backends.push(await startBackendTarget(schema.databaseUrl));
      const urls = backends.map((backend) => backend.url);
      rows.push(...(await measureBackend({ urls, store: 'postgres', endpoints: ['balances', 'transfers'] }, SETTINGS)));
    } finally {
      for (const backend of backends) await stopTarget(backend);
      await schema.drop();
    }
  }
  return rows;
}

function cpuProfileFlags(directory: string): string[] {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${directory}`];
}

/** Moves the one .cpuprofile a process wrote into `directory` (on exit) to bench/profiles/`name`. */
function keepProfile(directory: string, name: string): string {
  const written = readdirSync(directory).find((file) => file.endsWith('.cpuprofile'));
  if (!written) throw new Error(`no .cpuprofile written for ${name}`);
  const file = join(PROFILE_DIR, name);
  renameSync(join(directory, written), file);
  rmSync(directory, { recursive: true, force: true });
  return file;
}

/**
 * Our skill under BalanceIntent load with --cpu-prof, calling a backend of its own also under
 * --cpu-prof: what a turn costs on each side. Only samples inside the measured window count.
 */
async function profileTurns(connections: number): Promise<ProfileResult[]> {
  const skillDirectory = join(PROFILE_DIR, `.ours-${process.pid}`);
  const backendDirectory = join(PROFILE_DIR, `.backend-${process.pid}`);
  const backend = await startBackendTarget(undefined, cpuProfileFlags(backendDirectory));
  const window = { fromUs: Number.NaN, toUs: Number.NaN };
  let load;
  try {
    const server = await startTarget('ours', backend.url, cpuProfileFlags(skillDirectory));
    try {
      const url = `${server.url}/webhook`;
      const body = JSON.stringify(alexaTurn('balance'));
      const marker = await answerMarker(url, 'balance', await balanceMarker(backend.url, BENCH_ACCESS_TOKEN));
      const verifyBody = (text: string) => text.includes(marker);
      await warmUp({ url, body, verifyBody, connections }, SETTINGS.warmupSeconds);
      load = await runSteadyRound({
        url,
        body,
        verifyBody,
        connections,
        seconds: SETTINGS.profileSeconds,
        onWindow: (edge) => {
          if (edge === 'start') window.fromUs = hrtimeUs();
          else window.toUs = hrtimeUs();
        },
      });
    } finally {
      // A profile is written when its process exits.
      await stopTarget(server);
    }
  } finally {
    await stopTarget(backend);
  }
  const skillFile = keepProfile(skillDirectory, `ours-balance-c${connections}.cpuprofile`);
  const backendFile = keepProfile(backendDirectory, `backend-during-ours-c${connections}.cpuprofile`);
  const common = { connections, rps: load.rps, requests: load.requests };
  return [
    { target: 'ours', file: relative(ROOT, skillFile), ...common, summary: summarizeProfile(skillFile, TURN_PHASES, 12, window) },
    { target: 'backend', file: relative(ROOT, backendFile), ...common, summary: summarizeProfile(backendFile, [], 8, window) },
  ];
}

/** One Lambda cold start with --cpu-prof: what the first answer waits for. */
async function profileLambdaColdStart(backendUrl: string): Promise<ProfileResult> {
  const directory = join(PROFILE_DIR, `.lambda-${process.pid}`);
  const report = await lambdaColdStart(benchEntry('targets/lambda-cold'), await lambdaBundle(), lambdaEnvironment(backendUrl), cpuProfileFlags(directory));
  const file = keepProfile(directory, 'lambda-cold-start.cpuprofile');
  return {
    target: 'lambda cold start',
    file: relative(ROOT, file),
    connections: 1,
    rps: Number.NaN,
    requests: 2,
    summary: summarizeProfile(file, COLD_START_PHASES, 10),
    wallMs: report.wallMs,
  };
}

async function main(): Promise<void> {
  if (RENDER_ONLY) {
    const saved = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderReport(saved));
    log(`BENCHMARKS.md re-rendered from ${relative(ROOT, RESULTS_FILE)} (run of ${saved.date})`);
    if (JSON_OUTPUT) process.stdout.write(`${JSON.stringify(summarize(saved))}\n`);
    return;
  }
  const started = performance.now();
  const results: BenchResults = {
    date: new Date().toISOString(),
    durationSeconds: 0,
    machine: describeMachine(),
    loadAverageEnd: Number.NaN,
    settings: SETTINGS,
    turns: [],
    coldStart: { express: { runs: [], medianMs: null }, lambda: { runs: [], medianMs: null, details: [] } },
    faq: { type: 'faq', available: false, note: 'not run' },
    backend: [],
    profiles: [],
    errors: [],
  };

  // Profiles of earlier runs would be confused with this one's (quick runs leave them alone).
  mkdirSync(PROFILE_DIR, { recursive: true });
  if (!QUICK) for (const file of readdirSync(PROFILE_DIR)) if (file.endsWith('.cpuprofile')) rmSync(join(PROFILE_DIR, file));

  const backend = await startBackendTarget();
  try {
    await section(results, 'turns (ours, bare SDK, limit)', () => turnSection(results, backend), undefined);
    await section(results, 'cold starts', () => coldStartSection(results, backend.url), undefined);
    results.faq = await section(results, 'FAQ classifier', faqSection, results.faq);
    results.backend = await section(
      results,
      'backend on SQLite',
      () => measureBackend({ urls: [backend.url], store: 'sqlite', endpoints: ['balances', 'transactions', 'transfers'] }, SETTINGS),
      [],
    );
    results.backend.push(...(await section(results, 'backend on PostgreSQL (1 and 2 instances)', () => postgresBackendSection(results), [])));
    results.profiles = await section(results, 'profile of our skill and its backend at c16', () => profileTurns(16), []);
    results.coldStartProfile = await section(results, 'profile of a Lambda cold start', () => profileLambdaColdStart(backend.url), undefined);
  } finally {
    for (const child of [...running]) await stopTarget(child);
    if (lambdaPackage) rmSync(lambdaPackage, { recursive: true, force: true });
  }
  results.durationSeconds = (performance.now() - started) / 1000;
  results.loadAverageEnd = loadavg()[0];

  const summary = summarize(results);
  if (QUICK) {
    log('quick run: BENCHMARKS.md left as it is');
  } else if (results.errors.length > 0) {
    log(`${results.errors.length} section(s) failed: BENCHMARKS.md left as it is`);
  } else {
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderReport(results));
    writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 1));
    log(`BENCHMARKS.md written (${results.durationSeconds.toFixed(0)} s)`);
  }
  if (!JSON_OUTPUT) process.stdout.write(`${renderConsoleSummary(results)}\n`);
  if (JSON_OUTPUT) process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (results.errors.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  for (const child of running) void child.stop();
  if (JSON_OUTPUT) process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exitCode = 1;
});
