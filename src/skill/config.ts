import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from '../backend/http/rate-limit';
import { LogLevel, logLevelFromEnvironment } from '../shared/logger';

/** Every setting of the skill process, read from the environment once at start. */
const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BACKEND_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  BACKEND_URL: z.string().url().optional(),
  // Alexa waits 8 s for a whole turn; a slow backend must leave time for the apology.
  BACKEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(2500).default(2500),
  ALEXA_VERIFY_SIGNATURES: booleanFlag.optional(),
  ALEXA_SKILL_ID: z.string().min(1).optional(),
  CAREVOICE_DATA_DIR: z.string().min(1).default('./data'),
  // The agent desk's secret for the handoff queue; long enough not to be guessed.
  CAREVOICE_AGENT_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  // The analytics dashboard's secret for the summary; `npm start` makes a per-process one when absent.
  CAREVOICE_ANALYTICS_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  // Backend request budgets (see src/backend/rate-limit.ts); 0 turns a limit off.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(DEFAULT_RATE_LIMITS.windowSeconds),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perIp),
  RATE_LIMIT_PER_USER: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perUser),
});

export interface SkillConfig {
  environment: 'development' | 'production' | 'test';
  port: number;
  backendPort: number;
  backendUrl: string;
  backendTimeoutMs: number;
  /** Signature and timestamp checks of Alexa requests: always on in production, elsewhere only when ALEXA_VERIFY_SIGNATURES is set. */
  verifyAlexaSignatures: boolean;
  alexaSkillId?: string;
  dataDir: string;
  logLevel: LogLevel;
  /** Opens the agent desk's handoff queue; absent: the queue answers 401 to everyone. */
  agentApiKey?: string;
  /** Opens the analytics summary to the dashboard; absent: the summary answers 401 to everyone. */
  analyticsApiKey?: string;
  /** Backend request budgets per client address and per user. */
  rateLimits: RateLimitSettings;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SkillConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  const values = parsed.data;
  const production = values.NODE_ENV === 'production';
  return {
    environment: values.NODE_ENV,
    port: values.PORT,
    backendPort: values.BACKEND_PORT,
    backendUrl: (values.BACKEND_URL ?? `http://localhost:${values.BACKEND_PORT}`).replace(/\/+$/, ''),
    backendTimeoutMs: values.BACKEND_TIMEOUT_MS,
    // Production always verifies: the development switch must not be able to open it up.
    verifyAlexaSignatures: production || (values.ALEXA_VERIFY_SIGNATURES ?? false),
    alexaSkillId: values.ALEXA_SKILL_ID,
    dataDir: values.CAREVOICE_DATA_DIR,
    agentApiKey: values.CAREVOICE_AGENT_API_KEY,
    analyticsApiKey: values.CAREVOICE_ANALYTICS_KEY,
    logLevel: logLevelFromEnvironment(env),
    rateLimits: {
      windowSeconds: values.RATE_LIMIT_WINDOW_SECONDS,
      perIp: values.RATE_LIMIT_PER_IP,
      perUser: values.RATE_LIMIT_PER_USER,
    },
  };
}
