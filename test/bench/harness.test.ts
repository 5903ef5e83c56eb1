/**
 * Smoke test of the benchmark harness (bench/): every piece still starts on port 0 and produces
 * numbers. Untimed on purpose: tiny request counts, no assertion on speed.
 */
import assert from 'node:assert/strict';
import { rmSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alexaTurn } from '../../bench/lib/alexa-requests';
import { benchEntry, ChildService, startChild } from '../../bench/lib/child';
import { serverColdStartMs } from '../../bench/lib/cold-start';
import { measureLoad, runRound } from '../../bench/lib/load';
import { describeMachine } from '../../bench/lib/machine';
import { summarizeProfile, TURN_PHASES } from '../../bench/lib/profile';
import { renderReport } from '../../bench/lib/report';
import type { BenchResults } from '../../bench/lib/results';
import type { RunningService } from '../../bench/lib/service';
import { summarize } from '../../bench/lib/summary';
import { answerMarker, balanceMarker, measureTurns, TurnRow } from '../../bench/lib/turns';
import { startBareSkill } from '../../bench/bare-sdk-skill';
import { startBenchBackend } from '../../bench/targets/backend';
import { benchQuestions } from '../../bench/targets/faq-probe';
import { startOurSkill } from '../../bench/targets/skills';

const TINY = { concurrencies: [2], rounds: 1, roundSeconds: 0.1, warmupSeconds: 0.05 };

function assertPositive(value: number | null | undefined, what: string): void {
  assert.ok(typeof value === 'number' && Number.isFinite(value) && value > 0, `${what} should be a positive number, got ${value}`);
}

describe('bench: harness smoke test', function () {
  this.timeout(60000);
  let backend: RunningService;
  const rows: TurnRow[] = [];

  before(async () => {
    backend = await startBenchBackend();
  });

  after(async () => {
    await backend?.close();
  });

  it('loads a child-process server, reads its peak RSS and its CPU profile', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'carevoice-bench-test-'));
    let limit: ChildService | undefined;
    try {
      limit = await startChild(benchEntry('targets/serve'), { args: ['limit'], nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
      assert.match(limit.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const round = await runRound({ url: `${limit.url}/webhook`, body: JSON.stringify(alexaTurn('balance')), connections: 2, amount: 20 });
      assert.equal(round.failures, 0);
      assert.equal(round.requests, 20);
      assertPositive(round.rps, 'req/s');
      assertPositive(round.p50Ms, 'p50');
      assertPositive(round.p99Ms, 'p99');
      assertPositive(limit.peakRssBytes(), 'peak RSS');
      await limit.stop();
      const [profile] = readdirSync(profileDir);
      const summary = summarizeProfile(join(profileDir, profile), TURN_PHASES);
      assertPositive(summary.busyMs, 'profiled CPU time');
      assert.ok(summary.topModules.length > 0);
    } finally {
      await limit?.stop();
      rmSync(profileDir, { recursive: true, force: true });
    }
  });

  it('measures a turn of the bare-SDK skill and of ours against the same backend', async () => {
    const amount = await balanceMarker(backend.url, 'demo-alice');
    const bare = await startBareSkill(backend.url);
    const ours = await startOurSkill(backend.url);
    try {
      for (const [target, server] of [
        ['bare', bare],
        ['ours', ours],
      ] as const) {
        // The in-process servers stand in for children here: same URL contract, this process's RSS and CPU.
        const asChild: ChildService = {
          ...server,
          pid: process.pid,
          process: undefined as never,
          peakRssBytes: () => process.memoryUsage().rss,
          resetPeakRss: () => false,
          cpuTimeMs: () => {
            const { user, system } = process.cpuUsage();
            return (user + system) / 1000;
          },
          stop: server.close,
        };
        rows.push(...(await measureTurns(asChild, target, 'balance', TINY, amount)));
      }
      for (const row of rows) {
        assert.equal(row.failures, 0, `${row.target} failed turns`);
        assertPositive(row.rps, `${row.target} req/s`);
        assertPositive(row.p99Ms, `${row.target} p99`);
        assertPositive(row.cpuMsPerTurn, `${row.target} CPU per turn`);
      }
      assert.equal(await answerMarker(`${ours.url}/webhook`, 'launch').then((marker) => marker.length > 0), true);
    } finally {
      await Promise.all([bare.close(), ours.close()]);
    }
  });

  it('reads the backend with autocannon (GET with a token)', async () => {
    const result = await measureLoad({
      url: `${backend.url}/v1/balances`,
      headers: { authorization: 'Bearer demo-alice' },
      connections: 2,
      seconds: 0.05,
      rounds: 2,
      verifyBody: (body) => body.includes('"balances"'),
    });
    assert.equal(result.failures, 0);
    assert.equal(result.settled, true);
    assertPositive(result.rps, 'backend req/s');
  });

  it('times a cold start to the first answer', async () => {
    const ms = await serverColdStartMs({
      file: benchEntry('targets/serve'),
      args: ['limit'],
      path: '/webhook',
      body: JSON.stringify(alexaTurn('launch')),
      verify: (answer) => answer.status === 200,
    });
    assertPositive(ms, 'cold start');
  });

  it('stops `npm run bench` at a type error instead of measuring stale JavaScript', () => {
    const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.match(scripts.bench, /^tsc -p bench\/tsconfig\.json && node dist\/bench\/run\.js$/);
  });

  it('has customer questions for the FAQ probe', () => {
    assert.ok(benchQuestions().length >= 8);
  });

  it('summarizes and renders what it measured', () => {
    const results: BenchResults = {
      date: new Date().toISOString(),
      durationSeconds: 1,
      machine: describeMachine(),
      loadAverageEnd: 0,
      settings: { ...TINY, coldStartRuns: 1 },
      turns: rows.map((row) => ({ ...row, connections: 16 })),
      coldStart: {
        express: { runs: [1000], medianMs: 1000 },
        lambda: { runs: [], medianMs: null, details: [], note: 'not run' },
        firstWebTurn: { runs: [120], readyMs: [2500], medianMs: 120 },
      },
      faq: { type: 'faq', available: false, note: 'not run' },
      backend: [],
      profiles: [],
      errors: [],
    };
    const summary = summarize(results);
    assertPositive(summary.turn_p99_ms_c16 as number, 'turn_p99_ms_c16');
    assertPositive(summary.throughput_ratio_vs_bare_c16 as number, 'throughput_ratio_vs_bare_c16');
    assert.equal(summary.cold_start_lambda_ms, null);
    assert.equal(summary.faq_p99_ms, null);
    assert.equal(summary.first_web_turn_ms, 120);
    assert.equal((summary.targets_met as Record<string, boolean | null>).first_web_turn, true);
    const report = renderReport(results);
    assert.match(report, /## 1\. Per-turn cost of the skill endpoint/);
    assert.match(report, /First typed web turn once the express server is up .*\| 120 \|/);
  });
});
