/** Request plumbing shared by the feature routers. */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ApiPath } from '../../shared/contract/api';
import { isStorableText } from '../../shared/text';
import { callerOf, type Caller } from './auth';
import { HttpError } from './errors';

export const jsonBody = express.json({ limit: '100kb' });

/** Account data must not linger in caches, and JSON must never be sniffed as HTML. */
export const privateJsonHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

/** The contract writes path parameters OpenAPI-style (`{id}`); express wants `:id`. */
export function expressPath(path: ApiPath): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Where in a request's parameters or body a string holds what no store keeps (a NUL, half a surrogate pair), if anywhere. */
function unstorableTextAt(value: unknown, path: readonly (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : [...path];
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = unstorableTextAt(item, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}

/** Validates with a contract schema and returns the parsed value, or throws a 400 naming each field. */
export function parseRequest<Schema extends z.ZodTypeAny>(schema: Schema, input: unknown): z.output<Schema> {
  // Checked here, for every engine alike: SQLite would keep such text, PostgreSQL would fail on it.
  const unstorable = unstorableTextAt(input);
  if (unstorable) {
    throw HttpError.invalidFields([{ field: fieldName(unstorable), message: 'must not contain a NUL character or half of a surrogate pair' }]);
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw HttpError.invalidFields(
      parsed.error.issues.map((issue) => ({
        field: fieldName(issue.path),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

function fieldName(path: readonly (string | number)[]): string {
  return path.length > 0 ? path.join('.') : 'body';
}

/** Express 4 ignores rejected promises: hand any failure of a route to the error middleware. */
export function handle(route: (req: Request, res: Response) => void | Promise<void>): RequestHandler {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => route(req, res))
      .catch(next);
  };
}

/** A route (after `requireApiToken`) that answers 200 with what `answer` gives (or resolves to) for the caller, as JSON. */
export function answerCaller(answer: (caller: Caller, req: Request) => unknown): RequestHandler {
  return handle(async (req, res) => {
    res.json(await answer(callerOf(res), req));
  });
}
