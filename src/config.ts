import { z } from 'zod';
import { LogLevel, logLevelFromEnvironment } from './logger';

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
    logLevel: logLevelFromEnvironment(env),
  };
}
