/** The one-line JSON of `npm run bench -- --json`: headline figures, null where not measurable. */
import { backendRow, BenchResults, BackendStore, TARGETS, turnRow } from './results';
import { ratio, round } from './stats';

export type Summary = Record<string, number | boolean | string | null | Record<string, boolean | null>>;

const COPY_PHASE = /per-request copy/;

function met(value: number | null, limit: number, higherIsBetter = false): boolean | null {
  if (value === null) return null;
  return higherIsBetter ? value >= limit : value < limit;
}

export function summarize(results: BenchResults): Summary {
  const ours = turnRow(results, 'ours', 'balance', 16);
  const oursLaunch = turnRow(results, 'ours', 'launch', 16);
  const bare = turnRow(results, 'bare', 'balance', 16);
  const limit = turnRow(results, 'limit', 'balance', 16);
  const oursC1 = turnRow(results, 'ours', 'balance', 1);
  const oursProfile = results.profiles.find((profile) => profile.target === 'ours');
  const copyShare = oursProfile?.summary.phases.find((phase) => COPY_PHASE.test(phase.name))?.percent ?? null;
  const backendRps = (endpoint: string, store?: BackendStore, instances?: number) => round(backendRow(results, endpoint, store, instances)?.rps ?? null);

  const turnP99 = round(ours?.p99Ms ?? null);
  const ratioVsBare = round(ratio(ours?.rps, bare?.rps), 3);
  const express = round(results.coldStart.express.medianMs);
  const lambda = round(results.coldStart.lambda.medianMs);
  const firstWebTurn = round(results.coldStart.firstWebTurn?.medianMs ?? null);
  const faqP99 = results.faq.available ? round(results.faq.p99Ms ?? null, 3) : null;

  return {
    turn_p99_ms_c16: turnP99,
    turn_p50_ms_c16: round(ours?.p50Ms ?? null),
    turn_rps_c16: round(ours?.rps ?? null),
    launch_p99_ms_c16: round(oursLaunch?.p99Ms ?? null),
    peak_rss_mb_c16: round(ours?.peakRssMb ?? null),
    turn_cpu_ms_c16: round(ours?.cpuMsPerTurn ?? null, 3),
    bare_cpu_ms_c16: round(bare?.cpuMsPerTurn ?? null, 3),
    turn_backend_cpu_ms_c16: round(ours?.backendCpuMsPerTurn ?? null, 3),
    bare_backend_cpu_ms_c16: round(bare?.backendCpuMsPerTurn ?? null, 3),
    bare_rps_c16: round(bare?.rps ?? null),
    limit_rps_c16: round(limit?.rps ?? null),
    throughput_ratio_vs_bare_c16: ratioVsBare,
    throughput_ratio_vs_limit_c16: round(ratio(ours?.rps, limit?.rps), 4),
    cold_start_express_ms: express,
    cold_start_lambda_ms: lambda,
    first_web_turn_ms: firstWebTurn,
    faq_p50_ms: results.faq.available ? round(results.faq.p50Ms ?? null, 3) : null,
    faq_p99_ms: faqP99,
    faq_load_ms: results.faq.available ? round(results.faq.loadMs ?? null) : null,
    faq_heap_mb: results.faq.available ? round(results.faq.heapMb ?? null) : null,
    backend_balances_rps_c16: backendRps('GET /v1/balances'),
    backend_transactions_rps_c16: backendRps('GET /v1/transactions'),
    backend_transfers_rps_c16: backendRps('POST /v1/transfers (risk scoring)'),
    backend_pg_balances_rps_c16: backendRps('GET /v1/balances', 'postgres', 1),
    backend_pg_transfers_rps_c16: backendRps('POST /v1/transfers (risk scoring)', 'postgres', 1),
    backend_pg2_balances_rps_c16: backendRps('GET /v1/balances', 'postgres', 2),
    backend_pg2_transfers_rps_c16: backendRps('POST /v1/transfers (risk scoring)', 'postgres', 2),
    profile_copy_share_percent: round(copyShare),
    turn_rps_c1: round(oursC1?.rps ?? null),
    turn_p50_ms_c1: round(oursC1?.p50Ms ?? null),
    targets_met: {
      turn_p99_c16: met(turnP99, TARGETS.turnP99MsC16),
      throughput_vs_bare_c16: met(ratioVsBare, TARGETS.throughputRatioVsBareC16, true),
      cold_start_express: met(express, TARGETS.coldStartExpressMs),
      cold_start_lambda: met(lambda, TARGETS.coldStartLambdaMs),
      first_web_turn: met(firstWebTurn, TARGETS.firstWebTurnMs),
      faq_p99: met(faqP99, TARGETS.faqP99Ms),
    },
    errors: results.errors.length,
  };
}
