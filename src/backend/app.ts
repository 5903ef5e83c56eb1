import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { ApiPaths, buildOpenApiDocument } from '../shared/contract/api';
import { createAccountFreezeRouter } from './account-freeze/router';
import { createAlexaNotificationsRouter } from './notifications/router';
import { createAccountsRouter } from './accounts/router';
import { AnalyticsRepository } from './analytics/repository';
import { createAnalyticsRouter } from './analytics/router';
import { AnalyticsService } from './analytics/service';
import { createAlertsRouter } from './alerts/router';
import { createAntiFraud, type AntiFraudOptions } from './anti-fraud';
import { AccountsRepository } from './accounts/repository';
import { AccountsService } from './accounts/service';
import { requireApiToken, TokenRepository } from './http/auth';
import type { Db } from './db/db';
import { errorResponder, unknownRoute } from './http/errors';
import { createFraudReportsRouter } from './fraud-reports/router';
import { AuditLog } from './audit';
import { HandoffRepository } from './handoff/repository';
import { createHandoffRouter } from './handoff/router';
import { HandoffService } from './handoff/service';
import { newId } from './ids';
import { jsonBody, privateJsonHeaders } from './http/http';
import { createLogger, requestLogging } from '../shared/logger';
import { createProtection } from './protection';
import { DEFAULT_RATE_LIMITS, rateLimits, type RateLimitSettings } from './http/rate-limit';
import type { LimitStores } from './http/shared-limits';
import { createSettingsRouter } from './settings/router';
import { TransactionsRepository } from './transactions/repository';
import { createTransactionsRouter } from './transactions/router';
import { createTransfersRouter } from './transfers/router';
import { TransactionsService } from './transactions/service';
import { createVerifyContactRouter } from './verify-contact/router';
import { VoiceCodeRepository } from './voice-code/repository';
import { createVoiceCodeRouter, requireVoiceSession } from './voice-code/router';
import { VoiceCodeService } from './voice-code/service';

export interface BackendAppOptions {
  db: Db;
  logger?: Logger;
  /** The clock voice sessions expire by; tests move it forward. */
  now?: () => Date;
  /** Anti-fraud collaborators a test replaces: the Alexa client, the safety settings. */
  antiFraud?: Pick<AntiFraudOptions, 'alexa' | 'settings'>;
  /** Per-address and per-user request budgets (429 beyond them); generous by default. */
  rateLimits?: RateLimitSettings;
  /** Where the budgets are counted when instances share them (Redis); this process's memory by default. */
  limitStores?: LimitStores;
  /** The agent desk's key (CAREVOICE_AGENT_API_KEY); without one the handoff queue is closed. */
  agentApiKey?: string;
  /** The analytics dashboard's key (CAREVOICE_ANALYTICS_KEY); without one the summary is closed. */
  analyticsApiKey?: string;
}

const FLUSH_PENDING_WRITES = 'flushPendingWrites';

/** Writes what the app holds back to write together (analytics events): await it before closing the store. */
export async function flushPendingWrites(app: Express): Promise<void> {
  await (app.locals[FLUSH_PENDING_WRITES] as (() => Promise<void>) | undefined)?.();
}

const SETTLE_ARRIVED_TRANSFERS = 'settleArrivedTransfers';

/**
 * Settles the delayed transfers whose arrival time has come, by the app's clock: `startBackend`
 * runs it in every instance (SETTLEMENT_SWEEP_SECONDS), tests with their own clock. Each settle is one
 * conditional update, so instances sweeping at once settle a transfer once. Returns how many settled.
 */
export function settleArrivedTransfers(app: Express): Promise<number> {
  return (app.locals[SETTLE_ARRIVED_TRANSFERS] as () => Promise<number>)();
}

/** The backend's express app, wired to `db`; it does not listen (see `startBackend`). */
export function createBackendApp({
  db,
  logger = createLogger(),
  now = () => new Date(),
  antiFraud: antiFraudOptions,
  rateLimits: rateLimitSettings = DEFAULT_RATE_LIMITS,
  limitStores,
  agentApiKey,
  analyticsApiKey,
}: BackendAppOptions): Express {
  const accounts = new AccountsService(new AccountsRepository(db));
  const transactions = new TransactionsService(new TransactionsRepository(db), accounts);
  const voiceCodes = new VoiceCodeService(new VoiceCodeRepository(db), now);
  const protection = createProtection({ db, accounts, now });
  const antiFraud = createAntiFraud({ db, accounts, logger, now, settings: protection.settings, ...antiFraudOptions });
  const handoff = new HandoffService({ repository: new HandoffRepository(db), accounts, audit: new AuditLog(db), now, newId });
  const tokens = new TokenRepository(db);
  const authenticate = requireApiToken(tokens);
  const voiceSession = requireVoiceSession(voiceCodes);
  const openApiDocument = buildOpenApiDocument();

  const app = express();
  app.disable('x-powered-by');
  // Flat query strings only: no nested objects smuggled in through `a[b]=c`.
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  app.use(rateLimits(rateLimitSettings, tokens, logger, limitStores));
  app.use(privateJsonHeaders);
  app.use(jsonBody);

  app.get(ApiPaths.openApiDocument, (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(createAccountsRouter(accounts, authenticate, voiceSession));
  app.use(createTransactionsRouter(transactions, authenticate, voiceSession));
  app.use(createVoiceCodeRouter(voiceCodes, authenticate));
  app.use(createTransfersRouter(antiFraud.transfers, authenticate, voiceSession));
  app.locals[SETTLE_ARRIVED_TRANSFERS] = () => antiFraud.transfers.settleArrived(now());
  app.use(createAlertsRouter(antiFraud.alerts, authenticate, voiceSession));
  app.use(createFraudReportsRouter(protection.fraudReports, authenticate));
  app.use(createAccountFreezeRouter(protection.freezes, authenticate, voiceSession));
  app.use(createVerifyContactRouter(protection.contacts, authenticate));
  app.use(createSettingsRouter(protection.settings, authenticate, voiceSession));
  app.use(createHandoffRouter(handoff, authenticate, agentApiKey));
  app.use(createAlexaNotificationsRouter(antiFraud.notifications, authenticate));
  const analytics = new AnalyticsService(new AnalyticsRepository(db), now);
  app.locals[FLUSH_PENDING_WRITES] = () => analytics.flush();
  app.use(createAnalyticsRouter(analytics, authenticate, analyticsApiKey));

  app.use(unknownRoute);
  app.use(errorResponder(logger));
  return app;
}
