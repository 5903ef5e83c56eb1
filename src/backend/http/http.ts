/** Request plumbing shared by the feature routers. */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ApiPath } from '../../shared/contract/api';
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

/** Validates with a contract schema and returns the parsed value, or throws a 400 naming each field. */
export function parseRequest<Schema extends z.ZodTypeAny>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw HttpError.invalidFields(
      parsed.error.issues.map((issue) => ({
        field: issue.path.length > 0 ? issue.path.join('.') : 'body',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
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
