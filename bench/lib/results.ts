/** Everything one `npm run bench` measured: rendered into BENCHMARKS.md and summarized as JSON. */
import type { LambdaColdStart } from './cold-start';
import type { Machine } from './machine';
import type { ProfileSummary } from './profile';
import type { TurnRow, TurnSettings } from './turns';
import type { FaqReport } from '../targets/faq-probe';

export interface ColdStartResult {
  runs: number[];
  medianMs: number | null;
  note?: string;
}

export interface LambdaColdStartResult extends ColdStartResult {
  details: LambdaColdStart[];
}

export type BackendStore = 'sqlite' | 'postgres';

export interface BackendRow {
  endpoint: string;
  /** Absent from runs before PostgreSQL was measured: SQLite. */
  store?: BackendStore;
  /** Backend instances sharing the store, the connections spread over them in turn (absent: 1). */
  instances?: number;
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

export interface ProfileResult {
  target: string;
  file: string;
  connections: number;
  rps: number;
  requests: number;
  summary: ProfileSummary;
  /** Cold-start profiles: spawn to first answer. */
  wallMs?: number;
}

export interface BenchResults {
  date: string;
  durationSeconds: number;
  machine: Machine;
  /** 1-minute load average when the run ended. */
  loadAverageEnd: number;
  settings: TurnSettings & { coldStartRuns: number };
  turns: TurnRow[];
  coldStart: {
    express: ColdStartResult;
    lambda: LambdaColdStartResult;
    /** The first typed web turn once the express server is up (runs: its round trips); absent from older runs. */
    firstWebTurn?: ColdStartResult & { readyMs: number[] };
  };
  faq: FaqReport;
  backend: BackendRow[];
  /** Why the PostgreSQL figures are missing (e.g. the database was not reachable). */
  backendPostgresNote?: string;
  profiles: ProfileResult[];
  /** One Lambda cold start under --cpu-prof (whole process). */
  coldStartProfile?: ProfileResult;
  errors: string[];
}

/** The performance targets the report checks. */
export const TARGETS = {
  turnP99MsC16: 25,
  throughputRatioVsBareC16: 0.5,
  coldStartExpressMs: 1500,
  firstWebTurnMs: 300,
  coldStartLambdaMs: 400,
  faqP99Ms: 5,
} as const;

export function turnRow(results: BenchResults, target: string, kind: 'launch' | 'balance', connections: number): TurnRow | undefined {
  return results.turns.find((row) => row.target === target && row.kind === kind && row.connections === connections);
}

export function backendRow(results: BenchResults, endpoint: string, store: BackendStore = 'sqlite', instances = 1): BackendRow | undefined {
  return results.backend.find((row) => row.endpoint === endpoint && (row.store ?? 'sqlite') === store && (row.instances ?? 1) === instances);
}
