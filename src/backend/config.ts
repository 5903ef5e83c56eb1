import { z } from 'zod';
import { parseEnvironment, Port, Secret } from '../shared/config';
import { LogLevel, logLevelFromEnvironment } from '../shared/logger';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './http/rate-limit';
import type { StoreLocation } from './db/store';

/** Every setting of the backend process, read from the environment once at start. */
const EnvSchema = z.object({
  BACKEND_PORT: Port.default(4000),
  CAREVOICE_DATA_DIR: z.string().min(1).default('./data'),
  // PostgreSQL instead of the SQLite file in the data directory (postgres://user@host:5432/db).
  DATABASE_URL: z
    .string()
    .url()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  // The agent desk's secret for the handoff queue.
  CAREVOICE_AGENT_API_KEY: Secret.optional(),
  // The analytics dashboard's secret for the summary; `npm start` makes a per-process one when absent.
  CAREVOICE_ANALYTICS_KEY: Secret.optional(),
  // Request budgets (see http/rate-limit.ts); 0 turns a limit off.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(DEFAULT_RATE_LIMITS.windowSeconds),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perIp),
  RATE_LIMIT_PER_USER: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perUser),
  // How often delayed transfers whose arrival time has come are settled.
  SETTLEMENT_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  // Several backend instances count the budgets together here (redis://host:6379).
  REDIS_URL: z
    .string()
    .url()
    .refine((url) => /^rediss?:\/\//.test(url), 'must be a redis:// or rediss:// URL')
    .optional(),
});

export interface BackendConfig {
  port: number;
  /** SQLite in the data directory unless DATABASE_URL names a PostgreSQL database. */
  store: StoreLocation;
  logLevel: LogLevel;
  /** Opens the agent desk's handoff queue; absent: the queue answers 401 to everyone. */
  agentApiKey?: string;
  /** Opens the analytics summary to the dashboard; absent: the summary answers 401 to everyone. */
  analyticsApiKey?: string;
  /** Request budgets per client address and per user. */
  rateLimits: RateLimitSettings;
  /** Redis for budgets shared by several instances; absent: each instance counts in memory. */
  redisUrl?: string;
  /** How often the settlement sweep runs: a delayed transfer arrives at most this late. */
  settlementSweepMs: number;
}

export function loadBackendConfig(env: NodeJS.ProcessEnv = process.env): BackendConfig {
  const values = parseEnvironment(EnvSchema, env);
  return {
    port: values.BACKEND_PORT,
    store: values.DATABASE_URL === undefined ? { dataDir: values.CAREVOICE_DATA_DIR } : { databaseUrl: values.DATABASE_URL },
    logLevel: logLevelFromEnvironment(env),
    agentApiKey: values.CAREVOICE_AGENT_API_KEY,
    analyticsApiKey: values.CAREVOICE_ANALYTICS_KEY,
    rateLimits: {
      windowSeconds: values.RATE_LIMIT_WINDOW_SECONDS,
      perIp: values.RATE_LIMIT_PER_IP,
      perUser: values.RATE_LIMIT_PER_USER,
    },
    redisUrl: values.REDIS_URL,
    settlementSweepMs: values.SETTLEMENT_SWEEP_SECONDS * 1000,
  };
}
