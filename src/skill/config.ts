import { z } from 'zod';
import { booleanFlag, parseEnvironment, Port, Secret } from '../shared/config';
import { LogLevel, logLevelFromEnvironment } from '../shared/logger';

export { ConfigError } from '../shared/config';

/** Every setting of the skill process, read from the environment once at start. */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: Port.default(3000),
    // Where the backend listens when BACKEND_URL does not say.
    BACKEND_PORT: Port.default(4000),
    BACKEND_URL: z.string().url().optional(),
    // Alexa waits 8 s for a whole turn; a slow backend must leave time for the apology.
    BACKEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(2500).default(2500),
    ALEXA_VERIFY_SIGNATURES: booleanFlag.optional(),
    ALEXA_SKILL_ID: z.string().min(1).optional(),
    // The dashboard reads the backend's analytics summary with it.
    CAREVOICE_ANALYTICS_KEY: Secret.optional(),
  })
  // A production skill answers its own skill only; not a check that may be forgotten.
  .refine((env) => env.NODE_ENV !== 'production' || env.ALEXA_SKILL_ID !== undefined, {
    path: ['ALEXA_SKILL_ID'],
    message: 'required in production (the skill id from the Alexa developer console, amzn1.ask.skill...)',
  });

export interface SkillConfig {
  environment: 'development' | 'production' | 'test';
  port: number;
  backendUrl: string;
  backendTimeoutMs: number;
  /** Signature and timestamp checks of Alexa requests: always on in production, elsewhere only when ALEXA_VERIFY_SIGNATURES is set. */
  verifyAlexaSignatures: boolean;
  alexaSkillId?: string;
  logLevel: LogLevel;
  /** The backend's analytics key, for the dashboard's summary. */
  analyticsApiKey?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SkillConfig {
  const values = parseEnvironment(EnvSchema, env);
  const production = values.NODE_ENV === 'production';
  return {
    environment: values.NODE_ENV,
    port: values.PORT,
    backendUrl: (values.BACKEND_URL ?? `http://localhost:${values.BACKEND_PORT}`).replace(/\/+$/, ''),
    backendTimeoutMs: values.BACKEND_TIMEOUT_MS,
    // Production always verifies: the development switch must not be able to open it up.
    verifyAlexaSignatures: production || (values.ALEXA_VERIFY_SIGNATURES ?? false),
    alexaSkillId: values.ALEXA_SKILL_ID,
    logLevel: logLevelFromEnvironment(env),
    analyticsApiKey: values.CAREVOICE_ANALYTICS_KEY,
  };
}
