import { z } from 'zod';

/** What a process refuses to start with: every reason at once, each naming its variable. */
export class ConfigError extends Error {}

export const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const Port = z.coerce.number().int().min(0).max(65535);

/** A shared secret: long enough not to be guessed. */
export const Secret = z.string().min(24, 'must be at least 24 characters');

/** Parses the environment with `schema`, or throws a ConfigError that lists every invalid variable. */
export function parseEnvironment<Schema extends z.ZodTypeAny>(schema: Schema, env: NodeJS.ProcessEnv): z.infer<Schema> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  return parsed.data;
}
