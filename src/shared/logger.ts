import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
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
 * (Not a bare `code`: error codes such as SQLITE_BUSY are worth keeping.) `scrubSecrets` below
 * goes further, at any depth.
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

export const REDACTED = '[redacted]';

/**
 * Keys whose value is a secret or personal data wherever they appear (compared lower-case, without
 * `-` and `_`): bearer and Alexa access tokens, voice sessions, voice codes, payee accounts, phones.
 */
const SECRET_KEYS = new Set([
  'authorization',
  'xvoicesession',
  'voicesession',
  'token',
  'accesstoken',
  'apiaccesstoken',
  'consenttoken',
  'refreshtoken',
  'idempotencykey',
  'password',
  'secret',
  'cookie',
  'newcode',
  'voicecode',
  'account',
  'accountnumber',
  'iban',
  'phone',
  'trustedcontactphone',
]);

/**
 * Keys (and Alexa slot names) whose whole value goes, object or not: a slot `{ name: 'code',
 * value: '1234' }` or a Jovo entity `code: { value, resolved }` carries the spoken voice code.
 */
const SECRET_SLOTS = new Set(['code', 'voicecode', 'pin', 'phone', 'phonenumber']);

/** `code` is a voice code when it is digits (a spoken "1 2 3 4" too); "SQLITE_BUSY" stays. */
const DIGITS_ONLY = /^[\d\s-]+$/;
/** IBAN-like: country, check digits, then 11 to 30 letters and digits, spaces allowed in between. */
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
/** Account and card numbers: 10 or more digits, possibly grouped with spaces or dashes. */
const LONG_NUMBER = /(?<![\w.])\d(?:[ -]?\d){9,}(?![\w.])/g;
const BEARER_TOKEN = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
/** Machine-made values that are neither secret nor personal, kept as they are. */
const SAFE_KEYS = new Set(['time', 'pid', 'hostname', 'level', 'requestId', 'durationMs', 'status']);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** A digits-only `code` (a voice code, not "SQLITE_BUSY"), or any object under a secret slot name. */
function isSecretCode(normalizedKey: string, item: unknown): boolean {
  if (!SECRET_SLOTS.has(normalizedKey)) return false;
  if (normalizedKey !== 'code') return true;
  return typeof item === 'number' || typeof item === 'object' || (typeof item === 'string' && DIGITS_ONLY.test(item));
}

/** The `value` of an Alexa slot named like a secret: `{ name: 'code', value: '1234' }`. */
function isSecretSlotValue(owner: Record<string, unknown>, key: string): boolean {
  return key !== 'name' && typeof owner.name === 'string' && SECRET_SLOTS.has(normalizeKey(owner.name));
}

/** Masks IBAN-like strings, long digit runs and inline bearer tokens inside free text. */
export function scrubText(text: string): string {
  return text.replace(BEARER_TOKEN, `$1 ${REDACTED}`).replace(IBAN_LIKE, REDACTED).replace(LONG_NUMBER, REDACTED);
}

/**
 * A copy of `value` with secrets replaced by "[redacted]" at any depth: by key (see SECRET_KEYS,
 * and a digits-only `code`), and inside every string (scrubText). Errors become plain objects.
 */
export function scrubSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > 10) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, depth + 1, seen));
  const source: Record<string, unknown> =
    value instanceof Error
      ? { type: value.name, message: value.message, stack: value.stack, ...(value as unknown as Record<string, unknown>) }
      : (value as Record<string, unknown>);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    const normalized = normalizeKey(key);
    if (item === undefined) continue;
    if (SAFE_KEYS.has(key) && typeof item !== 'object') {
      copy[key] = item;
    } else if (SECRET_KEYS.has(normalized) || isSecretCode(normalized, item) || isSecretSlotValue(source, key)) {
      copy[key] = REDACTED;
    } else {
      copy[key] = scrubSecrets(item, depth + 1, seen);
    }
  }
  return copy;
}

export function createLogger(level: LogLevel = logLevelFromEnvironment(), destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'carevoice' },
    redact: { paths: SECRET_PATHS, censor: REDACTED },
    formatters: {
      log: (object) => scrubSecrets(object) as Record<string, unknown>,
      bindings: (bindings) => scrubSecrets(bindings) as Record<string, unknown>,
    },
    hooks: {
      // The message and any printf-style arguments are free text too.
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as typeof args;
        return method.apply(this, scrubbed);
      },
    },
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

/** What a log line says of an error: its name and message, and the stack where asked (never the error's own fields). */
export function errorFields(error: unknown, { stack = false }: { stack?: boolean } = {}): { err: Record<string, string | undefined> } {
  if (!(error instanceof Error)) return { err: { message: String(error) } };
  return { err: { name: error.name, message: error.message, ...(stack && { stack: error.stack }) } };
}
