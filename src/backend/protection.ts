/**
 * Wires the features that protect a user after (or before) a scam: fraud reports, account freeze,
 * safety settings and the official-channel check, over one database, for the backend app and for
 * seeding the demo store.
 */
import type { AccountsService } from './accounts/service';
import { AccountFreezesRepository } from './account-freeze/repository';
import { AccountFreezeService } from './account-freeze/service';
import { AuditLog } from './audit';
import type { Db } from './db/db';
import { FraudReportsRepository } from './fraud-reports/repository';
import { FraudReportsService } from './fraud-reports/service';
import { newId as randomId } from './ids';
import { SettingsRepository } from './settings/repository';
import { SettingsService } from './settings/service';
import { TransactionsRepository } from './transactions/repository';
import { TransfersRepository } from './transfers/repository';
import { ContactRegistryRepository } from './verify-contact/repository';
import { VerifyContactService } from './verify-contact/service';

export interface ProtectionOptions {
  db: Db;
  accounts: Pick<AccountsService, 'profile'>;
  now: () => Date;
  /** Default: random ids and references; the demo seed passes fixed ones. */
  newId?: (prefix: string) => string;
  newReference?: () => string;
}

export interface Protection {
  fraudReports: FraudReportsService;
  freezes: AccountFreezeService;
  settings: SettingsService;
  contacts: VerifyContactService;
}

export function createProtection({ db, accounts, now, newId = randomId, newReference }: ProtectionOptions): Protection {
  const audit = new AuditLog(db);
  const reportRecords = new FraudReportsRepository(db);
  return {
    fraudReports: new FraudReportsService({
      repository: reportRecords,
      ledger: new TransactionsRepository(db),
      transfers: new TransfersRepository(db),
      accounts,
      audit,
      now,
      newId,
      ...(newReference === undefined ? {} : { newReference }),
    }),
    freezes: new AccountFreezeService({ repository: new AccountFreezesRepository(db), reports: reportRecords, audit, now }),
    settings: new SettingsService({ repository: new SettingsRepository(db), audit, now }),
    contacts: new VerifyContactService(new ContactRegistryRepository(db)),
  };
}
