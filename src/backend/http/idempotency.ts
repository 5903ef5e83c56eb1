/** What the creating endpoints (transfers, fraud reports) share to honour an `Idempotency-Key`. */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAY_HEADER } from '../../shared/contract/api';
import { parseRequest } from './http';

/** Same request, same hash: what a retry must repeat exactly to count as a retry. */
export function requestFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
}

/** The key, checked by the endpoint's header schema (a 400 names the header). */
export function idempotencyKeyOf(req: Request, headers: z.ZodType<{ [IDEMPOTENCY_KEY_HEADER]: string }, z.ZodTypeDef, unknown>): string {
  return parseRequest(headers, { [IDEMPOTENCY_KEY_HEADER]: req.get(IDEMPOTENCY_KEY_HEADER) })[IDEMPOTENCY_KEY_HEADER];
}

/** 201 for what was just created; 200 and `Idempotent-Replayed: true` for a retry of the same request. */
export function sendCreated(res: Response, body: unknown, replayed: boolean): void {
  if (replayed) {
    res.setHeader(IDEMPOTENT_REPLAY_HEADER, 'true');
  }
  res.status(replayed ? 200 : 201).json(body);
}
