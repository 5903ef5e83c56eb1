/**
 * Load on loopback: `npm start`'s own entry (skill + backend in one process, a child here) first
 * runs flat out for a few seconds to measure what this machine can serve (Alexa turns and
 * transfers together); then up to 200 concurrent conversations (a turn a second each) and
 * transfers beside them are offered at LOAD_SHARE (70%) of that capacity for 30 s. CI machines
 * differ in speed, so the offered load follows the machine and the test asserts what must never
 * happen on any of them: a crash, a 5xx, an unreadable answer, a lost or doubled write, money
 * that does not add up. Latency and the share of apologies are printed as figures.
 * LOAD_SECONDS, LOAD_CONNECTIONS and LOAD_SHARE change the bounds.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME, openStore } from '../../src/backend/db/store';
import { Api, makeDataDir } from '../backend/support';
import { freePort, startSkillProcess, type SkillProcess } from './support';
import { assertLoadWritesKept, createTraffic, measureCapacity, payerBalances } from './traffic';

const SECONDS = Number(process.env.LOAD_SECONDS) || 30;
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS) || 200;
const SHARE = Number(process.env.LOAD_SHARE) || 0.7;
const PROBE_TALKERS = 16;
const PROBE_PAYERS = 4;
const WRITE_CONNECTIONS = 10;
/** The write rate: the most offered, whatever the machine. */
const MAX_WRITES_PER_SECOND = 50;

describe("reliability: load relative to this machine's capacity", function () {
  this.timeout((SECONDS + 240) * 1000);
  let dataDir: string;
  let server: SkillProcess | undefined;

  before(async () => {
    dataDir = await makeDataDir();
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`serves ${SHARE * 100}% of its measured capacity for ${SECONDS} s: no crash, no 5xx, no unreadable answer, no lost write`, async () => {
    const backendPort = await freePort();
    // 200 conversations share three demo accounts: far beyond one person, so no per-user limit
    // here. The per-address limit stays at its default (the skill is one address).
    server = await startSkillProcess(dataDir, path.join(dataDir, 'server.log'), { BACKEND_PORT: String(backendPort), RATE_LIMIT_PER_USER: '0' });
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const before = await payerBalances(new Api(backendUrl));

    const { offer, tally } = createTraffic([server.url], backendUrl);
    // What this machine serves flat out, turns and writes sharing the one process.
    const capacity = await measureCapacity(offer, PROBE_TALKERS, PROBE_PAYERS);
    const turnRate = Math.max(1, Math.min(CONNECTIONS, Math.round(capacity.turnsPerSecond * SHARE)));
    const writeRate = Math.max(1, Math.min(MAX_WRITES_PER_SECOND, Math.round(capacity.writesPerSecond * SHARE)));
    const probe = { answered: tally.turns.answered, apologies: tally.turns.apologies };
    // A person takes a second or more to hear an answer and say the next thing: each conversation
    // takes a turn a second, so the offered rate is also the number of conversations at once.
    const [talk, write] = await offer(
      SECONDS,
      { connections: turnRate, rate: turnRate },
      { connections: Math.min(WRITE_CONNECTIONS, writeRate), rate: writeRate },
    );

    const loadApologies = tally.turns.apologies - probe.apologies;
    const loadTurns = tally.turns.answered - probe.answered + loadApologies;
    const report = {
      capacity: { turnsPerSecond: capacity.turnsPerSecond, writesPerSecond: capacity.writesPerSecond },
      offered: { conversations: turnRate, turnsPerSecond: turnRate, writesPerSecond: writeRate, seconds: SECONDS },
      turns: talk.requests.total,
      turnsPerSecond: Math.round(talk.requests.average),
      latencyMs: { p50: talk.latency.p50, p90: talk.latency.p90, p99: talk.latency.p99, max: talk.latency.max },
      apologyShare: loadTurns ? Number((loadApologies / loadTurns).toFixed(4)) : 0,
      timeouts: talk.timeouts + write.timeouts,
      writes: tally.writes.acknowledged.length,
      writeLatencyMs: { p50: write.latency.p50, p99: write.latency.p99 },
      failures: tally.failures,
    };
    process.stdout.write(`      load: ${JSON.stringify(report)}\n`);

    // Never, at any speed: the server gone, a refused connection, a 5xx, an answer Alexa cannot read.
    assert.equal(server.child.exitCode, null, 'the server exited under load');
    const notTimeouts = Object.entries(tally.failures).filter(([kind]) => kind !== 'request timed out');
    assert.deepEqual(notTimeouts, [], 'connection errors other than timeouts');
    assert.equal(capacity.non2xxTurns + talk.non2xx, 0, 'non-2xx answers');
    assert.equal(tally.turns.unreadable, 0, 'unreadable answers');
    assert.ok(tally.turns.answered > turnRate, `only ${tally.turns.answered} turns answered`);
    assert.deepEqual(tally.writes.refused, [], 'transfers refused');

    // Nothing lost: every acknowledged transfer is in the store, and the money moved by exactly that.
    await server.stop();
    const db = await openStore({ dataDir });
    try {
      await assertLoadWritesKept(db, tally.writes.acknowledged, before, capacity.unreadWrites + WRITE_CONNECTIONS + write.timeouts);
    } finally {
      await db.close();
    }
    const file = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    assert.equal(file.pragma('integrity_check', { simple: true }), 'ok');
    file.close();
  });
});
