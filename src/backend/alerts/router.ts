import { Router, type RequestHandler } from 'express';
import { AlertDecisionRequest, AlertIdParams, TransferPaths, type Alert, type AlertsResponse, type PersuasionStatsResponse } from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { expressPath, handle, parseRequest } from '../http/http';
import type { AlertsService } from './service';

export function createAlertsRouter(alerts: AlertsService, authenticate: RequestHandler, requireVoiceSession: RequestHandler): Router {
  const router = Router();

  router.get(
    expressPath(TransferPaths.alerts),
    authenticate,
    requireVoiceSession,
    handle(async (_req, res) => {
      const open: AlertsResponse = await alerts.listOpen(callerOf(res).userId);
      res.json(open);
    }),
  );

  router.get(
    expressPath(TransferPaths.alert),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const { id } = parseRequest(AlertIdParams, req.params);
      const alert: Alert = await alerts.get(callerOf(res).userId, id);
      res.json(alert);
    }),
  );

  router.post(
    expressPath(TransferPaths.alertWarningHeard),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const { id } = parseRequest(AlertIdParams, req.params);
      const alert: Alert = await alerts.warningHeard(callerOf(res).userId, id);
      res.json(alert);
    }),
  );

  router.post(
    expressPath(TransferPaths.alertDecision),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const { id } = parseRequest(AlertIdParams, req.params);
      const decision = parseRequest(AlertDecisionRequest, req.body);
      const alert: Alert = await alerts.decide(callerOf(res).userId, id, decision);
      res.json(alert);
    }),
  );

  // Aggregates over all users, no personal data: no voice session needed.
  router.get(
    expressPath(TransferPaths.persuasionStats),
    authenticate,
    handle(async (_req, res) => {
      const stats: PersuasionStatsResponse = await alerts.persuasionStats();
      res.json(stats);
    }),
  );

  return router;
}
