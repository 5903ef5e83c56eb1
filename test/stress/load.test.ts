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
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { ApiPaths, IDEMPOTENCY_KEY_HEADER, TransferPaths } from '../../src/shared/contract/api';
import { DATABASE_FILE_NAME } from '../../src/backend/db/store';
import { DEMO_FRIEND_ACCOUNTS } from '../../src/backend/seed/anti-fraud';
import { speechToText } from '../../src/skill/speech/ssml';
import { alexaEnvelope } from '../support/alexa-request';
import { expected } from '../support/skill';
import { Api, DEMO_USERS, makeDataDir } from '../backend/support';

const ROOT = path.resolve(__dirname, '../..');
const SECONDS = Number(process.env.LOAD_SECONDS) || 30;
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS) || 200;
const SHARE = Number(process.env.LOAD_SHARE) || 0.7;
const WARM_UP_SECONDS = 3;
const PROBE_SECONDS = 5;
const WRITE_CONNECTIONS = 10;
/** The write rate: the most offered, whatever the machine. */
const MAX_WRITES_PER_SECOND = 50;

/** Users without a voice code, each in their own language. */
const SPEAKERS = [
  { token: DEMO_USERS.alice.token, locale: 'en-US' },
  { token: DEMO_USERS.sofia.token, locale: 'es-MX' },
  { token: DEMO_USERS.yuki.token, locale: 'ja-JP' },
];
const PAYERS = [
  { user: DEMO_USERS.alice, currency: 'USD', friend: { name: 'Emma Johnson', account: DEMO_FRIEND_ACCOUNTS.alice['Emma Johnson'] } },
  { user: DEMO_USERS.sofia, currency: 'MXN', friend: { name: 'Diego Hernández', account: DEMO_FRIEND_ACCOUNTS.sofia['Diego Hernández'] } },
  { user: DEMO_USERS.yuki, currency: 'JPY', friend: { name: 'Kenji Watanabe', account: DEMO_FRIEND_ACCOUNTS.yuki['Kenji Watanabe'] } },
];
const APOLOGIES = new Set(SPEAKERS.flatMap(({ locale }) => [expected(locale, 'errors.backendUnavailable'), expected(locale, 'errors.generic')]));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForLine(file: string, pattern: RegExp, child: ChildProcess): Promise<RegExpMatchArray> {
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    const match = readFileSync(file, 'utf8').match(pattern);
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`the server exited: ${readFileSync(file, 'utf8').slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not start within 120 s');
}

type Context = Record<string, any>;

describe("reliability: load relative to this machine's capacity", function () {
  this.timeout((SECONDS + 240) * 1000);
  let dataDir: string;
  let child: ChildProcess | undefined;

  before(async () => {
    dataDir = await makeDataDir();
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child?.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`serves ${SHARE * 100}% of its measured capacity for ${SECONDS} s: no crash, no 5xx, no unreadable answer, no lost write`, async () => {
    const backendPort = await freePort();
    const logFile = path.join(dataDir, 'server.log');
    const output = openSync(logFile, 'w');
    child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        TS_NODE_TRANSPILE_ONLY: 'true',
        CAREVOICE_DATA_DIR: dataDir,
        PORT: '0',
        BACKEND_PORT: String(backendPort),
        LOG_LEVEL: 'info',
        // 200 conversations share three demo accounts: far beyond one person, so no per-user
        // limit here. The per-address limit stays at its default (the skill is one address).
        RATE_LIMIT_PER_USER: '0',
      },
      stdio: ['ignore', output, output],
    });
    closeSync(output);
    const [, skillUrl] = await waitForLine(logFile, /"alexa":"(http:\/\/localhost:\d+)\/webhook"/, child);
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const api = new Api(backendUrl);
    const before = new Map<string, number>();
    for (const { user, currency } of PAYERS) {
      before.set(user.token, (await api.get(`${ApiPaths.balances}?currency=${currency}`, { token: user.token })).body.balances[0].availableMinor);
    }

    const turns = { answered: 0, apologies: [] as string[], unreadable: 0 };
    const turn = (build: (context: Context) => Record<string, unknown>) => ({
      method: 'POST' as const,
      path: '/webhook',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request: any, context: Context) => {
        context.speaker ??= SPEAKERS[Math.floor(Math.random() * SPEAKERS.length)];
        const envelope = alexaEnvelope(build(context), {
          locale: context.speaker.locale,
          accessToken: context.speaker.token,
          newSession: context.attributes === undefined,
          sessionAttributes: context.attributes ?? {},
        });
        return { ...request, body: JSON.stringify(envelope) };
      },
      onResponse: (status: number, body: string, context: Context) => {
        try {
          const json = JSON.parse(body);
          context.attributes = json.sessionAttributes ?? {};
          const speech = speechToText(json.response?.outputSpeech?.ssml ?? '');
          if (status !== 200 || !speech) turns.unreadable += 1;
          else if (APOLOGIES.has(speech)) turns.apologies.push(speech);
          else turns.answered += 1;
        } catch {
          turns.unreadable += 1;
        }
      },
    });
    const intent = (name: string) => () => ({ type: 'IntentRequest', intent: { name, confirmationStatus: 'NONE', slots: {} } });

    const writes = { acknowledged: [] as string[], refused: [] as string[] };
    const failures: Record<string, number> = {};
    const tally = (error: Error & { code?: string }) => {
      const kind = error.code ?? error.message;
      failures[kind] = (failures[kind] ?? 0) + 1;
    };
    /** Conversations and transfers together; a rate of 0 runs its side flat out. */
    const offer = (seconds: number, talkers: { connections: number; rate: number }, payers: { connections: number; rate: number }) => {
      const conversations = autocannon({
        url: skillUrl.replace('localhost', '127.0.0.1'),
        connections: talkers.connections,
        overallRate: talkers.rate || undefined,
        duration: seconds,
        timeout: 10,
        requests: [
          turn(() => ({ type: 'LaunchRequest' })),
          turn(intent('BalanceIntent')),
          turn(intent('RecentTransactionsIntent')),
          turn(intent('AMAZON.StopIntent')),
        ],
      });
      const transfers = autocannon({
        url: backendUrl,
        connections: payers.connections,
        overallRate: payers.rate || undefined,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: TransferPaths.transfers,
            setupRequest: (request: any) => {
              const payer = PAYERS[Math.floor(Math.random() * PAYERS.length)];
              return {
                ...request,
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${payer.user.token}`,
                  [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
                },
                body: JSON.stringify({ payee: payer.friend, amountMinor: 1, currency: payer.currency, memo: 'load', channel: 'mobile_app' }),
              };
            },
            onResponse: (status: number, body: string) => {
              if (status === 201) writes.acknowledged.push(JSON.parse(body).id);
              else if (writes.refused.length < 5) writes.refused.push(`${status} ${body.slice(0, 200)}`);
              else writes.refused.push(String(status));
            },
          },
        ],
      });
      conversations.on('reqError', tally);
      transfers.on('reqError', tally);
      return Promise.all([conversations, transfers]);
    };

    // What this machine serves flat out, turns and writes sharing the one process, once warm (the
    // first turns load the understanding model and compile the handlers).
    const [warmTalk, warmWrite] = await offer(WARM_UP_SECONDS, { connections: 4, rate: 0 }, { connections: 1, rate: 0 });
    const [probeTalk, probeWrite] = await offer(PROBE_SECONDS, { connections: 16, rate: 0 }, { connections: 4, rate: 0 });
    const capacity = { turnsPerSecond: Math.round(probeTalk.requests.average), writesPerSecond: Math.round(probeWrite.requests.average) };
    const turnRate = Math.max(1, Math.min(CONNECTIONS, Math.round(capacity.turnsPerSecond * SHARE)));
    const writeRate = Math.max(1, Math.min(MAX_WRITES_PER_SECOND, Math.round(capacity.writesPerSecond * SHARE)));
    const probeTurns = { answered: turns.answered, apologies: turns.apologies.length };
    // A person takes a second or more to hear an answer and say the next thing: each conversation
    // takes a turn a second, so the offered rate is also the number of conversations at once.
    const [talk, write] = await offer(
      SECONDS,
      { connections: turnRate, rate: turnRate },
      { connections: Math.min(WRITE_CONNECTIONS, writeRate), rate: writeRate },
    );

    const loadApologies = turns.apologies.length - probeTurns.apologies;
    const loadTurns = turns.answered - probeTurns.answered + loadApologies;
    const report = {
      capacity,
      offered: { conversations: turnRate, turnsPerSecond: turnRate, writesPerSecond: writeRate, seconds: SECONDS },
      turns: talk.requests.total,
      turnsPerSecond: Math.round(talk.requests.average),
      latencyMs: { p50: talk.latency.p50, p90: talk.latency.p90, p99: talk.latency.p99, max: talk.latency.max },
      apologyShare: loadTurns ? Number((loadApologies / loadTurns).toFixed(4)) : 0,
      timeouts: talk.timeouts + write.timeouts,
      writes: writes.acknowledged.length,
      writeLatencyMs: { p50: write.latency.p50, p99: write.latency.p99 },
      failures,
    };
    process.stdout.write(`      load: ${JSON.stringify(report)}\n`);

    // Never, at any speed: the server gone, a refused connection, a 5xx, an answer Alexa cannot read.
    assert.equal(child.exitCode, null, 'the server exited under load');
    const notTimeouts = Object.entries(failures).filter(([kind]) => kind !== 'request timed out');
    assert.deepEqual(notTimeouts, [], 'connection errors other than timeouts');
    assert.equal(warmTalk.non2xx + probeTalk.non2xx + talk.non2xx, 0, 'non-2xx answers');
    assert.equal(turns.unreadable, 0, 'unreadable answers');
    assert.ok(turns.answered > turnRate, `only ${turns.answered} turns answered`);
    assert.deepEqual(writes.refused, [], 'transfers refused');

    // Nothing lost: every acknowledged transfer is in the store, and the money moved by exactly that.
    child.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));
    const db = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    try {
      const stored = new Set(db.prepare("SELECT id FROM transfers WHERE memo = 'load'").pluck().all() as string[]);
      const lost = writes.acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], 'acknowledged transfers missing from the store');
      // Beyond those, only the requests still in flight when each phase stopped or timed out (their answers unread).
      const unanswered = 1 + 4 + WRITE_CONNECTIONS + warmWrite.timeouts + probeWrite.timeouts + write.timeouts;
      assert.ok(stored.size - writes.acknowledged.length <= unanswered, `${stored.size} stored, ${writes.acknowledged.length} acknowledged`);
      for (const { user, currency } of PAYERS) {
        const userId = db
          .prepare('SELECT user_id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.display_name = ?')
          .pluck()
          .get(user.displayName) as string;
        const moved = db
          .prepare("SELECT coalesce(sum(amount_minor), 0) FROM transfers WHERE memo = 'load' AND user_id = ? AND status <> 'cancelled'")
          .pluck()
          .get(userId) as number;
        const available = db.prepare('SELECT available_minor FROM wallets WHERE user_id = ? AND currency = ?').pluck().get(userId, currency) as number;
        assert.equal(available, (before.get(user.token) ?? 0) - moved, `${user.displayName}'s ${currency} wallet`);
      }
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  });
});
