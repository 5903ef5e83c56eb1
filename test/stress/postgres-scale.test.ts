/**
 * Scale-out under load on PostgreSQL and Redis: two backend instances behind a load balancer and
 * two skill instances, offered conversations and transfers at LOAD_SHARE (70%) of what this setup
 * measured it serves flat out (at most 200 conversations and 50 transfers a second), for
 * LOAD_SECONDS (30). Halfway, one backend instance is killed with SIGKILL. What must hold on any
 * machine: the other instance keeps serving, the only failures are requests that were in flight
 * on the killed instance, no acknowledged transfer is lost or doubled and the money adds up, and
 * no skill answer is a 5xx or unreadable. Latency and apologies are printed as figures.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { openStore } from '../../src/backend/db/store';
import { Api, makeDataDir } from '../backend/support';
import { REDIS_URL, requireService } from '../support/services';
import { freshPostgresStore, POSTGRES_URL } from '../support/store';
import { startBackendProcess, startLoadBalancer, startSkillProcess, type BackendProcess, type LoadBalancer, type SkillProcess } from './support';
import { assertLoadWritesKept, createTraffic, measureCapacity, payerBalances } from './traffic';

const SECONDS = Number(process.env.LOAD_SECONDS) || 30;
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS) || 200;
const SHARE = Number(process.env.LOAD_SHARE) || 0.7;
const MAX_WRITES_PER_SECOND = 50;
const WRITE_CONNECTIONS = 10;

describe('reliability: two backend and two skill instances on PostgreSQL, one backend killed under load', function () {
  this.timeout((SECONDS + 300) * 1000);
  let dataDir: string;
  let backends: BackendProcess[] = [];
  let skills: SkillProcess[] = [];
  let balancer: LoadBalancer | undefined;

  before(async function () {
    await requireService(this, 'PostgreSQL', POSTGRES_URL);
    await requireService(this, 'Redis', REDIS_URL);
    dataDir = await makeDataDir();
  });
  after(async () => {
    await Promise.all([...skills, ...backends].map((server) => server.stop()));
    await balancer?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps serving on the other instance, fails only what was in flight, and loses no acknowledged transfer', async () => {
    const store = await freshPostgresStore();
    // The per-address limit at its default, counted in Redis across both instances (the skills and
    // the load generator are one address); no per-user limit: three demo users carry all the load.
    const backendEnv = { DATABASE_URL: store.databaseUrl, REDIS_URL, RATE_LIMIT_PER_IP: '60000' };
    backends = await Promise.all([startBackendProcess(dataDir, backendEnv), startBackendProcess(dataDir, backendEnv)]);
    balancer = await startLoadBalancer(backends.map((backend) => backend.url));
    skills = await Promise.all([0, 1].map((index) => startSkillProcess(dataDir, path.join(dataDir, `skill-${index}.log`), { BACKEND_URL: balancer!.url })));
    const before = await payerBalances(new Api(balancer.url));

    const { offer, tally } = createTraffic(
      skills.map((skill) => skill.url),
      balancer.url,
    );
    const capacity = await measureCapacity(offer, 16, 4);
    const turnRate = Math.max(2, Math.min(CONNECTIONS, Math.round(capacity.turnsPerSecond * SHARE)));
    const writeRate = Math.max(1, Math.min(MAX_WRITES_PER_SECOND, Math.round(capacity.writesPerSecond * SHARE)));
    const probe = { answered: tally.turns.answered, apologies: tally.turns.apologies, dropped: balancer.droppedSentAt.length };

    const load = offer(SECONDS, { connections: turnRate, rate: turnRate }, { connections: Math.min(WRITE_CONNECTIONS, writeRate), rate: writeRate });
    await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 2));
    const victim = backends[0]!;
    const acknowledgedAtKill = tally.writes.acknowledged.length;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const deadAt = Date.now();
    const [talk, write] = await load;

    const loadApologies = tally.turns.apologies - probe.apologies;
    const loadTurns = tally.turns.answered - probe.answered + loadApologies;
    const report = {
      capacity: { turnsPerSecond: capacity.turnsPerSecond, writesPerSecond: capacity.writesPerSecond },
      offered: { conversations: turnRate, writesPerSecond: writeRate, seconds: SECONDS },
      turnsPerSecond: Math.round(talk.requests.average),
      latencyMs: { p50: talk.latency.p50, p90: talk.latency.p90, p99: talk.latency.p99, max: talk.latency.max },
      apologyShare: loadTurns ? Number((loadApologies / loadTurns).toFixed(4)) : 0,
      writes: { acknowledged: tally.writes.acknowledged.length, atKill: acknowledgedAtKill, refused: tally.writes.refused.length },
      droppedInFlightAtKill: balancer.droppedSentAt.length - probe.dropped,
      timeouts: talk.timeouts + write.timeouts,
      failures: tally.failures,
    };
    process.stdout.write(`      scale-out load: ${JSON.stringify(report)}\n`);

    assert.equal(victim.child.signalCode, 'SIGKILL');
    for (const server of [backends[1]!, ...skills]) assert.equal(server.child.exitCode, null, 'a surviving instance exited');
    // The other instance kept serving: conversations answered and transfers acknowledged after the kill.
    assert.ok(
      tally.turns.answeredAt.some((at) => at > deadAt + 1000),
      'no conversation answered after the kill',
    );
    assert.ok(
      tally.writes.acknowledgedAt.some((at) => at > deadAt + 1000),
      'no transfer acknowledged after the kill',
    );
    // Failures only for what the killed instance held when it died.
    const droppedLater = balancer.droppedSentAt.filter((sentAt) => sentAt > deadAt);
    assert.deepEqual(droppedLater, [], 'requests sent after the kill failed');
    assert.ok(
      tally.writes.refused.every((refusal) => refusal.startsWith('502')),
      `transfers refused other than in flight: ${tally.writes.refused.join(' | ')}`,
    );
    const notTimeouts = Object.entries(tally.failures).filter(([kind]) => kind !== 'request timed out');
    assert.deepEqual(notTimeouts, [], 'connection errors other than timeouts');
    assert.equal(capacity.non2xxTurns + talk.non2xx, 0, 'a skill answered non-2xx');
    assert.equal(tally.turns.unreadable, 0, 'unreadable answers');

    // Nothing lost or doubled, whichever instance acknowledged it.
    await Promise.all([...skills, ...backends].map((server) => server.stop()));
    const db = await openStore(store);
    try {
      const unread = capacity.unreadWrites + WRITE_CONNECTIONS + write.timeouts + tally.writes.refused.length;
      await assertLoadWritesKept(db, tally.writes.acknowledged, before, unread);
    } finally {
      await db.close();
    }
  });
});
