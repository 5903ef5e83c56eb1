/**
 * Wires the anti-fraud features (transfers, alerts, notifications) over one database, for the
 * backend app and for seeding the demo store.
 */
import type { Logger } from 'pino';
import { RiskEngine } from './risk/engine';
import { AccountFreezesRepository } from './account-freeze/repository';
import type { AccountsService } from './accounts/service';
import { AlertsRepository } from './alerts/repository';
import { AlertsService } from './alerts/service';
import { AuditLog } from './audit';
import type { Db } from './db/db';
import { newId as randomId } from './ids';
import { AlexaProactiveClient, alexaProactiveConfigFromEnv } from './notifications/alexa-proactive';
import { AlertNotifier } from './notifications/notifier';
import { NotificationsRepository } from './notifications/repository';
import { SettingsRepository } from './settings/repository';
import { SettingsService } from './settings/service';
import { TransactionsRepository } from './transactions/repository';
import { TransfersRepository } from './transfers/repository';
import type { SafetySettings } from './transfers/safety-settings';
import { TransfersService } from './transfers/service';

export interface AntiFraudOptions {
  db: Db;
  accounts: Pick<AccountsService, 'profile'>;
  logger: Logger;
  now: () => Date;
  /** Default: configured from the environment (ALEXA_CLIENT_ID...), or "not configured". */
  alexa?: AlexaProactiveClient;
  /** Default: what the user chose in their settings. */
  settings?: SafetySettings;
  /** Default: random ids; the demo seed passes deterministic ones. */
  newId?: (prefix: string) => string;
}

export interface AntiFraud {
  transfers: TransfersService;
  alerts: AlertsService;
  notifier: AlertNotifier;
  /** Who receives the alerts on Alexa, kept by the skill from Alexa's skill events. */
  notifications: NotificationsRepository;
}

export function createAntiFraud({
  db,
  accounts,
  logger,
  now,
  alexa = new AlexaProactiveClient(alexaProactiveConfigFromEnv(), now),
  settings,
  newId = randomId,
}: AntiFraudOptions): AntiFraud {
  const audit = new AuditLog(db);
  const safetySettings = settings ?? new SettingsService({ repository: new SettingsRepository(db), audit, now });
  const transferRecords = new TransfersRepository(db);
  const alertRecords = new AlertsRepository(db);
  const notifications = new NotificationsRepository(db);
  const notifier = new AlertNotifier(notifications, alexa, logger, newId, now);
  const transfers = new TransfersService({
    repository: transferRecords,
    ledger: new TransactionsRepository(db),
    alerts: alertRecords,
    accounts,
    engine: new RiskEngine(),
    settings: safetySettings,
    freezes: new AccountFreezesRepository(db),
    notifier,
    audit,
    now,
    newId,
  });
  const alerts = new AlertsService({
    repository: alertRecords,
    transfers: transferRecords,
    transferMoves: transfers,
    audit,
    now,
  });
  return { transfers, alerts, notifier, notifications };
}
