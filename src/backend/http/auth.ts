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
  private readonly findByHash;

  constructor(db: Db) {
    this.findByHash = db.prepare<[string], Caller>('SELECT user_id AS userId, client FROM api_tokens WHERE token_hash = ?');
  }

  findCaller(token: string): Caller | undefined {
    return this.findByHash.get(hashToken(token));
  }
}

const BEARER = /^Bearer +(\S+) *$/i;

/** Admits requests with a known `Authorization: Bearer <token>`; the route then sees only that user. */
export function requireApiToken(tokens: TokenRepository): RequestHandler {
  return (req, res, next) => {
    const token = BEARER.exec(req.get('Authorization') ?? '')?.[1];
    const caller = token === undefined ? undefined : tokens.findCaller(token);
    if (caller === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      const message = token === undefined ? 'Send the header "Authorization: Bearer <token>"' : 'Unknown or revoked token';
      next(new HttpError('unauthorized', message));
      return;
    }
    res.locals.caller = caller;
    next();
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
