import { Router, type RequestHandler } from 'express';
import {
  CreateFraudReportRequest,
  FraudReportIdempotencyHeaders,
  FraudReportParams,
  FraudReportPaths,
  type FraudReport,
  type FraudReportsResponse,
} from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { answerCaller, expressPath, handle, parseRequest } from '../http/http';
import { idempotencyKeyOf, sendCreated } from '../http/idempotency';
import type { FraudReportsService } from './service';

/** No voice code on these: a victim whose code is locked must still be able to report. */
export function createFraudReportsRouter(reports: FraudReportsService, authenticate: RequestHandler): Router {
  const router = Router();

  router.post(
    expressPath(FraudReportPaths.fraudReports),
    authenticate,
    handle(async (req, res) => {
      const idempotencyKey = idempotencyKeyOf(req, FraudReportIdempotencyHeaders);
      const request = parseRequest(CreateFraudReportRequest, req.body);
      // By the time `create` resolves, the report is committed (and synced) to disk.
      const { report, replayed } = await reports.create(callerOf(res).userId, idempotencyKey, request);
      const body: FraudReport = report;
      sendCreated(res, body, replayed);
    }),
  );

  router.get(
    expressPath(FraudReportPaths.fraudReports),
    authenticate,
    answerCaller(({ userId }): Promise<FraudReportsResponse> => reports.list(userId)),
  );

  // Before `{reference}`, although "latest" could never pass for a reference anyway.
  router.get(
    expressPath(FraudReportPaths.latestFraudReport),
    authenticate,
    answerCaller(({ userId }): Promise<FraudReport> => reports.latest(userId)),
  );

  router.get(
    expressPath(FraudReportPaths.fraudReport),
    authenticate,
    answerCaller(({ userId }, req): Promise<FraudReport> => reports.get(userId, parseRequest(FraudReportParams, req.params).reference)),
  );

  return router;
}
