import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { ANALYTICS_KEY_HEADER, AnalyticsPaths, AnalyticsSummaryQuery, TurnEvent, type RecordedEvent } from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { HttpError } from '../http/errors';
import { expressPath, handle, parseRequest } from '../http/http';
import type { AnalyticsService } from './service';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Admits the analytics dashboard: the `X-Analytics-Key` header must equal the configured key
 * (compared in constant time). Without a configured key the summary is closed to everyone.
 */
export function requireAnalyticsKey(analyticsKey: string | undefined): RequestHandler {
  const expected = analyticsKey === undefined ? undefined : digest(analyticsKey);
  return (req, res, next) => {
    const given = req.get(ANALYTICS_KEY_HEADER);
    if (expected === undefined || given === undefined || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', `ApiKey header="${ANALYTICS_KEY_HEADER}"`);
      const message = expected === undefined ? 'Analytics are not configured' : `Send the analytics key as ${ANALYTICS_KEY_HEADER}`;
      next(new HttpError('unauthorized', message));
      return;
    }
    next();
  };
}

/** Turn events from the skill (user token), the summary for the dashboard (analytics key). */
export function createAnalyticsRouter(analytics: AnalyticsService, authenticate: RequestHandler, analyticsKey: string | undefined): Router {
  const router = Router();
  router.post(
    expressPath(AnalyticsPaths.events),
    authenticate,
    handle((req, res) => {
      analytics.record(callerOf(res), parseRequest(TurnEvent, req.body));
      const body: RecordedEvent = { recorded: true };
      res.status(202).json(body);
    }),
  );
  router.get(
    expressPath(AnalyticsPaths.summary),
    requireAnalyticsKey(analyticsKey),
    handle(async (req, res) => {
      const { days } = parseRequest(AnalyticsSummaryQuery, req.query);
      res.json(await analytics.summary(days));
    }),
  );
  return router;
}
