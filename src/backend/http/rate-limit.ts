/**
 * Rate limits of the backend: one budget per client address (all requests, before
 * authentication, so a flood of guessed tokens is cut off) and one per user (whichever token
 * or client the user calls with), with the skill's turn events counted in a per-user budget of
 * their own. Over budget: 429 with `Retry-After` and the usual ApiError.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { AnalyticsPaths } from '../../shared/contract/api';
import { HttpError } from './errors';
import type { TokenRepository } from './auth';
import type { LimitStores } from './shared-limits';

export interface RateLimitSettings {
  /** Length of the window both budgets are counted over. */
  windowSeconds: number;
  /** Requests per window from one client address; 0 turns the limit off. */
  perIp: number;
  /** Requests per window of one authenticated user; 0 turns the limit off. */
  perUser: number;
}

/**
 * Generous: a spoken conversation makes a few calls a minute, so 300 per user is far above any
 * person and only stops scripts. The skill reaches the backend from few addresses for all its
 * users, so the address budget is larger (size it to the skill's traffic in production).
 */
export const DEFAULT_RATE_LIMITS: Readonly<RateLimitSettings> = { windowSeconds: 60, perIp: 60_000, perUser: 300 };

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * A turn event is counted apart from the user's calls: the event that records a 429 apology
 * would otherwise be refused by the very budget that caused it (the dashboard would never see
 * the apology), and recording a turn would cost the user part of the budget for answers.
 */
function isTurnEvent(req: Request): boolean {
  return req.method === 'POST' && req.path === AnalyticsPaths.events;
}

function tooManyRequests(): RequestHandler {
  return (_req, res, next) => {
    const retryAfter = res.getHeader('Retry-After');
    const wait = retryAfter === undefined ? 'later' : `in ${String(retryAfter)} seconds`;
    next(new HttpError('too_many_requests', `Too many requests: try again ${wait}`));
  };
}

/**
 * The middlewares to mount before the routers (none for a limit of 0). `stores`: where the
 * counts are kept when several instances share them (Redis); each process's memory otherwise.
 */
export function rateLimits(settings: RateLimitSettings, tokens: TokenRepository, logger: Logger, stores?: LimitStores): RequestHandler[] {
  const windowMs = settings.windowSeconds * 1000;
  const limit = (identifier: string) => ({
    windowMs,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    handler: tooManyRequests(),
    identifier,
    ...(stores && {
      store: stores(identifier),
      // The budgets stop abuse; a Redis outage must not stop every payment, so it lets requests through.
      passOnStoreError: true,
      logger,
    }),
  });
  const limits: RequestHandler[] = [];
  if (settings.perIp > 0) {
    limits.push(
      rateLimit({
        ...limit('per-ip'),
        limit: settings.perIp,
        // IPv6 clients are counted per /56: one host can use many addresses of its subnet.
        keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`,
      }),
    );
  }
  if (settings.perUser > 0) {
    // One token lookup per request, shared by `skip` and `keyGenerator` (both may be asynchronous).
    const users = new WeakMap<Request, Promise<string | undefined>>();
    const userOf = (req: Request): Promise<string | undefined> => {
      let user = users.get(req);
      if (user === undefined) {
        const token = BEARER.exec(req.get('Authorization') ?? '')?.[1];
        user = token === undefined ? Promise.resolve(undefined) : tokens.findCaller(token).then((caller) => caller?.userId);
        users.set(req, user);
      }
      return user;
    };
    const perUser = (identifier: string, counts: (req: Request) => boolean) =>
      rateLimit({
        ...limit(identifier),
        limit: settings.perUser,
        // Unknown tokens get their 401 from the routes and are counted by the address budget only.
        skip: async (req) => !counts(req) || (await userOf(req)) === undefined,
        keyGenerator: async (req) => `user:${(await userOf(req)) ?? ''}`,
        validate: { keyGeneratorIpFallback: false },
      });
    limits.push(
      perUser('per-user', (req) => !isTurnEvent(req)),
      perUser('per-user-turn-events', isTurnEvent),
    );
  }
  // express refuses `app.use([])`: both limits off still gives one (pass-through) middleware.
  return limits.length > 0 ? limits : [(_req, _res, next) => next()];
}
