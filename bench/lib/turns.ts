/**
 * Per-turn cost of servers: a correctness check, a warm-up, then for each concurrency a short
 * warm-up and several steady-state rounds (lib/load.ts) of `roundSeconds` each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alexaTurn, spokenText, TurnKind } from './alexa-requests';
import type { ChildService } from './child';
import { drain, RoundResult, runSteadyRound, summarizeRounds, warmUp } from './load';

export interface TurnSettings {
  concurrencies: number[];
  rounds: number;
  roundSeconds: number;
  warmupSeconds: number;
}

export interface TurnRow {
  target: string;
  kind: TurnKind;
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak RSS of the server process during this concurrency level. */
  peakRssMb: number;
  /** CPU time (user + system) the server process spent per turn during the measured rounds. */
  cpuMsPerTurn: number;
  /** The same for the service backend the server called (when it was given). */
  backendCpuMsPerTurn?: number;
  requests: number;
  failures: number;
  /** False if some round never had every connection answered (then it was measured whole). */
  settled: boolean;
}

/**
 * The amount of the user's first (home currency) wallet as every correct balance answer writes
 * it, whatever the currency symbol: "2,418.37", or "450" for a whole amount ("$450", "$450.00").
 */
export async function balanceMarker(backendUrl: string, accessToken: string): Promise<string> {
  const response = await fetch(`${backendUrl}/v1/balances`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!response.ok) throw new Error(`GET /v1/balances answered ${response.status}`);
  const { balances } = (await response.json()) as { balances: Array<{ currency: string; availableMinor: number }> };
  if (!balances?.length) throw new Error('the bench user has no wallet');
  const { currency, availableMinor } = balances[0];
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const amount = availableMinor / 10 ** digits;
  return amount.toLocaleString('en-US', { minimumFractionDigits: Number.isInteger(amount) ? 0 : digits, maximumFractionDigits: digits });
}

function apologies(): string[] {
  try {
    const locale = JSON.parse(readFileSync(join(__dirname, '..', '..', ...(__filename.endsWith('.ts') ? [] : ['..']), 'locales', 'en.json'), 'utf8'));
    return Object.values((locale.errors ?? {}) as Record<string, string>).map((text) => text.slice(0, 12));
  } catch {
    return ['Sorry'];
  }
}

function plain(ssml: string): string {
  return ssml
    .replace(/<[^>]+>/g, '')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * Sends one turn and returns the substring every correct answer to it contains: `expected` when
 * given (the balance amount), else the start of this first answer's speech.
 */
export async function answerMarker(url: string, kind: TurnKind, expected?: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alexaTurn(kind)),
  });
  const body = await response.text();
  const speech = spokenText(body);
  if (response.status !== 200 || !speech) throw new Error(`${url} ${kind}: no Alexa answer (${response.status}): ${body.slice(0, 300)}`);
  const words = plain(speech);
  if (apologies().some((apology) => words.includes(apology))) throw new Error(`${url} ${kind}: answered with an apology: ${words}`);
  if (expected !== undefined) {
    if (!body.includes(expected)) throw new Error(`${url} ${kind}: the answer lacks ${expected}: ${words}`);
    return expected;
  }
  return JSON.stringify(speech).slice(1, 31);
}

const MB = 1024 * 1024;

/** One server in a comparison: which target it is and what its correct answers contain. */
export interface Contestant {
  target: string;
  server: ChildService;
  /** What a correct answer must contain (see balanceMarker); else the first answer's start. */
  expected?: string;
}

/**
 * Measures the same turn on several servers with their rounds interleaved (A B C A B C ...), so
 * other work on the machine, which comes and goes over tens of seconds, falls on all of them
 * alike instead of on whichever ran at that moment. Medians of the rounds per server.
 */
export async function measureTurnsInterleaved(
  contestants: Contestant[],
  kind: TurnKind,
  settings: TurnSettings,
  /** The backend the servers call, whose CPU time per turn is measured alongside. */
  backend?: Pick<ChildService, 'cpuTimeMs'>,
): Promise<TurnRow[]> {
  const body = JSON.stringify(alexaTurn(kind));
  const prepared = [];
  for (const contestant of contestants) {
    const url = `${contestant.server.url}/webhook`;
    const marker = await answerMarker(url, kind, contestant.expected);
    const verifyBody = (text: string) => text.includes(marker);
    await warmUp({ url, body, verifyBody, connections: 16 }, settings.warmupSeconds);
    prepared.push({ ...contestant, url, verifyBody });
  }

  const rows: TurnRow[] = [];
  for (const connections of settings.concurrencies) {
    const plans = [];
    for (const contestant of prepared) {
      contestant.server.resetPeakRss();
      await warmUp({ url: contestant.url, body, verifyBody: contestant.verifyBody, connections }, 0.3);
      plans.push({ contestant, rounds: [] as RoundResult[], cpuMs: 0, backendCpuMs: 0 });
    }
    for (let round = 0; round < settings.rounds; round++) {
      for (const plan of plans) {
        const { url, verifyBody, server } = plan.contestant;
        let cpuAtStart = Number.NaN;
        let backendCpuAtStart = Number.NaN;
        const result = await runSteadyRound({
          url,
          body,
          connections,
          verifyBody,
          seconds: settings.roundSeconds,
          onWindow: (edge) => {
            if (edge === 'start') {
              cpuAtStart = server.cpuTimeMs();
              backendCpuAtStart = backend?.cpuTimeMs() ?? Number.NaN;
            } else {
              plan.cpuMs += server.cpuTimeMs() - cpuAtStart;
              plan.backendCpuMs += (backend?.cpuTimeMs() ?? Number.NaN) - backendCpuAtStart;
            }
          },
        });
        plan.rounds.push(result);
        await drain(connections, result.rps);
      }
    }
    for (const { contestant, rounds, cpuMs, backendCpuMs } of plans) {
      const result = summarizeRounds(rounds);
      rows.push({
        target: contestant.target,
        kind,
        connections,
        rps: result.rps,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        peakRssMb: contestant.server.peakRssBytes() / MB,
        cpuMsPerTurn: result.requests > 0 ? cpuMs / result.requests : Number.NaN,
        ...(backend ? { backendCpuMsPerTurn: result.requests > 0 ? backendCpuMs / result.requests : Number.NaN } : {}),
        requests: result.requests,
        failures: result.failures,
        settled: result.settled,
      });
    }
  }
  return rows;
}

/** One server on its own. */
export function measureTurns(
  server: ChildService,
  target: string,
  kind: TurnKind,
  settings: TurnSettings,
  expected?: string,
  backend?: Pick<ChildService, 'cpuTimeMs'>,
): Promise<TurnRow[]> {
  return measureTurnsInterleaved([{ target, server, expected }], kind, settings, backend);
}
