import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import { z } from 'zod';

declare global {
  namespace Express {
    interface Locals {
      requestId?: string;
    }
  }
}

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof LogLevel>;

const LogEnvironment = z.object({
  LOG_LEVEL: LogLevel.optional(),
  NODE_ENV: z.string().optional(),
});

/** LOG_LEVEL if set, else silent under tests and info otherwise; an unknown level fails at start. */
export function logLevelFromEnvironment(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const parsed = LogEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid LOG_LEVEL: must be one of ${LogLevel.options.join(', ')}`);
  }
  return parsed.data.LOG_LEVEL ?? (parsed.data.NODE_ENV === 'test' ? 'silent' : 'info');
}

/**
 * We never log secrets on purpose; these paths catch them if a header or body is ever logged.
 * (Not a bare `code`: error codes such as SQLITE_BUSY are worth keeping.)
 */
const SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers["x-voice-session"]',
  'headers.authorization',
  'headers["x-voice-session"]',
  'token',
  '*.token',
  'voiceSession',
  '*.voiceSession',
  'newCode',
  '*.newCode',
  'body.code',
  '*.body.code',
];

export function createLogger(level: LogLevel = logLevelFromEnvironment(), destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'carevoice' },
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Gives each request an id (echoed as X-Request-Id for support) and logs one line when it ends. */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = randomUUID();
    const startedAt = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - startedAt) / 1e6);
      // The path only: query strings and headers may carry personal data.
      logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, durationMs }, 'request');
    });
    next();
  };
}
