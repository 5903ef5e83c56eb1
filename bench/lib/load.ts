/**
 * Load runs with autocannon. Latencies are recorded exactly per request (autocannon's own
 * histogram has 1 ms resolution) and every response body is checked, so a fast stream of
 * apologies or errors is reported as failures, not as speed.
 *
 * Measured rounds are *steady-state windows*: a Node server that is busy accepts new
 * connections slowly (at c64 on our skill the last of 64 connections opened at once is
 * accepted seconds later), so a round starts counting only once every connection has had its
 * first answer, then measures for `seconds` and stops. Requests sent before that moment, and
 * those still in flight at the end, are left out.
 */
import autocannon from 'autocannon';
import { median, percentile } from './stats';

export interface LoadOptions {
  /** Several URLs: the connections take them in turn (connection i the URL i modulo their number). */
  url: string | string[];
  /** A POST of this JSON; without it, a GET. */
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  /** Is this response a correct answer? */
  verifyBody?: (body: string) => boolean;
  /** Replace `[<id>]` in the request (headers included) with a fresh id per request. */
  idReplacement?: boolean;
}

export interface RoundResult {
  /** Answers counted (in the window, for steady rounds). */
  requests: number;
  /** Answers per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Transport errors, timeouts, non-2xx answers and bodies that failed the check (whole round). */
  failures: number;
  /** e.g. "3 timeouts, 2 wrong answers" when failures > 0. */
  failureDetail?: string;
  /** False when not every connection was answered within the settle limit (then: whole round). */
  settled: boolean;
}

export interface SteadyOptions extends LoadOptions {
  /** Length of the measured window. */
  seconds: number;
  /** How long connections may take to get their first answer before the round gives up on a window. */
  maxSettleSeconds?: number;
  /** Called when the window opens and closes (e.g. to read the server's CPU time). */
  onWindow?: (edge: 'start' | 'end') => void;
}

function createInstance(options: LoadOptions, limit: { amount: number } | { duration: number }) {
  return autocannon({
    url: options.url,
    method: options.body === undefined ? 'GET' : 'POST',
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    // autocannon ends a run on its next sample tick (default every 1000 ms): short runs would idle.
    sampleInt: 20,
    ...limit,
    ...(options.verifyBody ? { verifyBody: options.verifyBody } : {}),
    ...(options.idReplacement ? { idReplacement: true } : {}),
  });
}

interface Counters {
  errors: number;
  non2xx: number;
  mismatches?: number;
  timeouts: number;
}

function failuresOf(result: Counters): Pick<RoundResult, 'failures' | 'failureDetail'> {
  // autocannon counts a timeout among its errors too.
  const failures = result.errors + result.non2xx + (result.mismatches ?? 0);
  if (failures === 0) return { failures };
  const detail = [
    [result.errors - result.timeouts, 'connection errors'],
    [result.timeouts, 'timeouts'],
    [result.non2xx, 'non-2xx answers'],
    [result.mismatches ?? 0, 'wrong answers'],
  ]
    .filter(([count]) => Number(count) > 0)
    .map(([count, what]) => `${count} ${what}`)
    .join(', ');
  return { failures, failureDetail: detail };
}

/** A steady-state round: see the module comment. */
export async function runSteadyRound(options: SteadyOptions): Promise<RoundResult> {
  const maxSettleMs = (options.maxSettleSeconds ?? 10) * 1000;
  const instance = createInstance(options, { duration: Math.ceil((maxSettleMs + options.seconds * 1000) / 1000) + 1 });
  const started = performance.now();
  const answered = new WeakSet<object>();
  let connectionsAnswered = 0;
  let windowStart = Number.NaN;
  let windowEnd = Number.NaN;
  let lastAnswer = started;
  let allAnswers = 0;
  const windowLatencies: number[] = [];
  const laterLatencies: number[] = [];
  let windowAnswers = 0;

  instance.on('response', (client: object, statusCode: number, _bytes: number, responseTimeMs: number) => {
    const now = performance.now();
    if (!Number.isNaN(windowEnd)) return;
    lastAnswer = now;
    allAnswers++;
    const firstOnConnection = !answered.has(client);
    if (firstOnConnection) {
      answered.add(client);
      connectionsAnswered++;
    }
    const ok = statusCode >= 200 && statusCode < 300;
    if (!firstOnConnection && ok) laterLatencies.push(responseTimeMs);
    if (Number.isNaN(windowStart)) {
      if (connectionsAnswered === options.connections) {
        windowStart = now;
        options.onWindow?.('start');
      }
      return;
    }
    windowAnswers++;
    if (ok && now - responseTimeMs >= windowStart) windowLatencies.push(responseTimeMs);
    if (now - windowStart >= options.seconds * 1000) {
      windowEnd = now;
      options.onWindow?.('end');
      instance.stop();
    }
  });
  const result = await instance;
  const failures = failuresOf(result);

  if (Number.isNaN(windowEnd) || windowLatencies.length === 0) {
    // Never settled (or the server is so slow that no request was both sent and answered in the
    // window): report the round as a whole, first answers excluded from the percentiles.
    const latencies = laterLatencies.length > 0 ? laterLatencies : windowLatencies;
    return {
      requests: allAnswers,
      rps: allAnswers / ((lastAnswer - started) / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      ...failures,
      settled: false,
    };
  }
  return {
    requests: windowAnswers,
    rps: windowAnswers / ((windowEnd - windowStart) / 1000),
    p50Ms: percentile(windowLatencies, 50),
    p99Ms: percentile(windowLatencies, 99),
    ...failures,
    settled: true,
  };
}

/**
 * A fixed number of requests (warm-ups, the smoke test): every request completes; the first
 * answer on each connection counts for req/s but not for the percentiles.
 */
export async function runRound(options: LoadOptions & { amount: number }): Promise<RoundResult> {
  const latencies: number[] = [];
  const instance = createInstance(options, { amount: options.amount });
  const started = performance.now();
  let lastAnswer = started;
  const answered = new WeakSet<object>();
  instance.on('response', (client: object, statusCode: number, _bytes: number, responseTimeMs: number) => {
    lastAnswer = performance.now();
    if (!answered.has(client)) {
      answered.add(client);
      if (options.amount > options.connections) return;
    }
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  return {
    requests: result.requests.total,
    rps: result.requests.total / ((lastAnswer - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ...failuresOf(result),
    settled: true,
  };
}

export interface LoadSummary extends RoundResult {
  rounds: number;
}

/** Medians of the rounds' rate and percentiles; requests and failures summed. */
export function summarizeRounds(results: RoundResult[]): LoadSummary {
  return {
    rounds: results.length,
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    rps: median(results.map((result) => result.rps)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    failureDetail:
      results
        .map((result) => result.failureDetail)
        .filter(Boolean)
        .join('; ') || undefined,
    settled: results.every((result) => result.settled),
  };
}

/** `rounds` steady rounds against one server, with a pause between them for its backlog to drain. */
export async function measureLoad(options: SteadyOptions & { rounds: number }): Promise<LoadSummary> {
  const results: RoundResult[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const result = await runSteadyRound(options);
    results.push(result);
    await drain(options.connections, result.rps);
  }
  return summarizeRounds(results);
}

/**
 * After a round is stopped, up to `connections` requests are still being answered by the
 * server; give it that long (by the rate just seen) before the next round starts.
 */
export function drain(connections: number, rps: number): Promise<void> {
  const ms = Number.isFinite(rps) && rps > 0 ? Math.min(2000, (1500 * connections) / rps) : 200;
  return new Promise((resolve) => setTimeout(resolve, Math.max(20, ms)));
}

/**
 * Complete rounds of about half a second (each connection at least one request) until
 * `seconds` have passed; returns the last round's rate. Throws on any failed answer.
 */
export async function warmUp(options: LoadOptions, seconds: number): Promise<number> {
  const started = performance.now();
  let rps = Number.NaN;
  let amount = options.connections;
  do {
    const round = await runRound({ ...options, amount });
    if (round.failures > 0) throw new Error(`${options.url}: ${round.failureDetail} during warm-up`);
    rps = round.rps;
    amount = Math.max(options.connections, Math.ceil(rps * Math.min(0.5, seconds)));
  } while ((performance.now() - started) / 1000 < seconds);
  return rps;
}
