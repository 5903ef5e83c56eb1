import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Db } from '../db/db';
import { HttpError } from './errors';

/** Which app a token was issued to: only the mobile app may change the voice code. */
export type ApiClient = 'voice_assistant' | 'mobile_app';

export interface Caller {
  userId: string;
  client: ApiClient;
}

declare global {
  namespace Express {
    interface Locals {
      caller?: Caller;
    }
  }
}

/** Opaque, high-entropy secrets (API tokens, voice sessions) are stored only as their SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class TokenRepository {
  constructor(private readonly db: Db) {}

  async findCaller(token: string): Promise<Caller | undefined> {
    return this.db.executor
      .selectFrom('api_tokens')
      .select(['user_id as userId', 'client'])
      .where('token_hash', '=', hashToken(token))
      .$narrowType<{ client: ApiClient }>()
      .executeTakeFirst();
  }
}

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Admits requests with a known `Authorization: Bearer <token>`; the route then sees only that user.
 * A failing token lookup (the store unreachable) goes to the error middleware.
 */
export function requireApiToken(tokens: TokenRepository): RequestHandler {
  return (req, res, next) => {
    const token = BEARER.exec(req.get('Authorization') ?? '')?.[1];
    const found = token === undefined ? Promise.resolve(undefined) : tokens.findCaller(token);
    found.then((caller) => {
      if (caller === undefined) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        const message = token === undefined ? 'Send the header "Authorization: Bearer <token>"' : 'Unknown or revoked token';
        next(new HttpError('unauthorized', message));
        return;
      }
      res.locals.caller = caller;
      next();
    }, next);
  };
}

/** The authenticated caller; a route mounted without `requireApiToken` fails closed. */
export function callerOf(res: Response): Caller {
  const { caller } = res.locals;
  if (caller === undefined) {
    throw new HttpError('unauthorized', 'Unknown or revoked token');
  }
  return caller;
}
