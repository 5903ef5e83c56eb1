import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { ApiPaths, buildOpenApiDocument } from '../contract/api';
import { createAccountFreezeRouter } from './account-freeze/router';
import { createAccountsRouter } from './accounts/router';
import { createAlertsRouter } from './alerts/router';
import { createAntiFraud, type AntiFraudOptions } from './anti-fraud';
import { AccountsRepository } from './accounts/repository';
import { AccountsService } from './accounts/service';
import { requireApiToken, TokenRepository } from './auth';
import type { Db } from './db';
import { errorResponder, unknownRoute } from './errors';
import { createFraudReportsRouter } from './fraud-reports/router';
import { jsonBody, privateJsonHeaders } from './http';
import { createLogger, requestLogging } from '../logger';
import { createProtection } from './protection';
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
}

/** The backend's express app, wired to `db`; it does not listen (see `startBackend`). */
export function createBackendApp({
  db,
  logger = createLogger(),
  now = () => new Date(),
  antiFraud: antiFraudOptions,
}: BackendAppOptions): Express {
  const accounts = new AccountsService(new AccountsRepository(db));
  const transactions = new TransactionsService(new TransactionsRepository(db), accounts);
  const voiceCodes = new VoiceCodeService(new VoiceCodeRepository(db), now);
  const protection = createProtection({ db, accounts, now });
  const antiFraud = createAntiFraud({ db, accounts, logger, now, settings: protection.settings, ...antiFraudOptions });
  const authenticate = requireApiToken(new TokenRepository(db));
  const voiceSession = requireVoiceSession(voiceCodes);
  const openApiDocument = buildOpenApiDocument();

  const app = express();
  app.disable('x-powered-by');
  // Flat query strings only: no nested objects smuggled in through `a[b]=c`.
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  app.use(privateJsonHeaders);
  app.use(jsonBody);

  app.get(ApiPaths.openApiDocument, (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(createAccountsRouter(accounts, authenticate, voiceSession));
  app.use(createTransactionsRouter(transactions, authenticate, voiceSession));
  app.use(createVoiceCodeRouter(voiceCodes, authenticate));
  app.use(createTransfersRouter(antiFraud.transfers, authenticate, voiceSession));
  app.use(createAlertsRouter(antiFraud.alerts, authenticate, voiceSession));
  app.use(createFraudReportsRouter(protection.fraudReports, authenticate));
  app.use(createAccountFreezeRouter(protection.freezes, authenticate, voiceSession));
  app.use(createVerifyContactRouter(protection.contacts, authenticate));
  app.use(createSettingsRouter(protection.settings, authenticate, voiceSession));

  app.use(unknownRoute);
  app.use(errorResponder(logger));
  return app;
}
