/**
 * Shared by the anti-fraud and protection tests (transfers, alerts, fraud reports, freeze,
 * settings): a backend whose database and clock the test can reach.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { sql, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import {
  IDEMPOTENCY_KEY_HEADER,
  TransferPaths,
  ApiPaths,
  FraudReportPaths,
  type CreateFraudReportRequest,
  type CreateTransferRequest,
  type Transfer,
} from '../../src/shared/contract/api';
import { AccountsRepository } from '../../src/backend/accounts/repository';
import { AccountsService } from '../../src/backend/accounts/service';
import { createBackendApp, settleArrivedTransfers, type BackendAppOptions } from '../../src/backend/app';
import type { Db } from '../../src/backend/db/db';
import type { AuditLogTable } from '../../src/backend/db/schema';
import type { StoreLocation } from '../../src/backend/db/store';
import { openSeededStore } from '../../src/backend/seed/seed';
import type { DemoUser } from '../../src/shared/demo-users';
import type { FraudReportsService } from '../../src/backend/fraud-reports/service';
import { createProtection } from '../../src/backend/protection';
import { createLogger } from '../../src/shared/logger';
import { makeDataDir, serve, type Api, type Reply } from './support';
import { testStoreIn } from '../support/store';

export interface AntiFraudBackend {
  api: Api;
  db: Db;
  /** Where the store is: for a second connection of the test's own. */
  store: StoreLocation;
  /** One run of the settlement sweep, by the backend's clock: how many delayed transfers settled. */
  settleArrived(): Promise<number>;
  close(): Promise<void>;
}

export async function startAntiFraudBackend(
  options: { now?: () => Date; logger?: Logger; antiFraud?: BackendAppOptions['antiFraud'] } = {},
): Promise<AntiFraudBackend> {
  const dataDir = await makeDataDir();
  const store = await testStoreIn(dataDir);
  const db = await openSeededStore(store);
  const app = createBackendApp({ db, logger: options.logger ?? createLogger('silent'), ...options });
  const served = await serve(app);
  return {
    api: served.api,
    db,
    store,
    settleArrived: () => settleArrivedTransfers(app),
    close: async () => {
      await served.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A transfer the rules hold: a "task" fee to an account nobody paid before. */
export function scamTransfer(overrides: Partial<CreateTransferRequest> = {}): CreateTransferRequest {
  return {
    payee: { name: 'Star Task Hub', account: `+44 7700 9${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}` },
    amountMinor: 2_500,
    currency: 'USD',
    memo: 'task commission unlock fee',
    channel: 'voice_assistant',
    ...overrides,
  };
}

export function postTransfer(api: Api, user: DemoUser, body: unknown, options: { key?: string; voiceSession?: string } = {}): Promise<Reply> {
  return api.post(TransferPaths.transfers, body, {
    token: user.token,
    voiceSession: options.voiceSession,
    headers: { [IDEMPOTENCY_KEY_HEADER]: options.key ?? randomUUID() },
  });
}

/** Posts a transfer the rules hold and returns it, with its alert id. */
export async function holdTransfer(api: Api, user: DemoUser, overrides: Partial<CreateTransferRequest> = {}): Promise<Transfer & { alertId: string }> {
  const reply = await postTransfer(api, user, scamTransfer(overrides));
  if (reply.status !== 201 || reply.body.status !== 'held') {
    throw new Error(`Expected a held transfer: ${reply.status} ${reply.text}`);
  }
  return reply.body;
}

export async function availableMinor(api: Api, user: DemoUser, currency: string): Promise<number> {
  const reply = await api.get(`${ApiPaths.balances}?currency=${currency}`, { token: user.token });
  return reply.body.balances[0].availableMinor;
}

export type AuditRow = Omit<Selectable<AuditLogTable>, 'id'>;

export async function auditRowsOf(db: Db, entityId: string): Promise<AuditRow[]> {
  return db.executor
    .selectFrom('audit_log')
    .select(['at', 'user_id', 'actor', 'action', 'entity_type', 'entity_id', 'details'])
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

/**
 * Makes the database fail when the audit row of `action` is written (`when` "BEFORE") or right
 * after (`when` "AFTER"), as a full disk would: in the latter case the change and its audit row
 * are both in, and the transaction must take both back. Call the returned function to heal it.
 */
export async function failAuditOf(db: Db, action: string, when: 'BEFORE' | 'AFTER'): Promise<() => Promise<void>> {
  const trigger = sql.id(`fail_${when.toLowerCase()}_${action.replace(/\W/g, '_')}`);
  const timing = sql.raw(when);
  const fails = sql.lit(action);
  if (db.engine === 'postgres') {
    await sql`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(db.executor);
    await sql`CREATE TRIGGER ${trigger} ${timing} INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = ${fails}) EXECUTE FUNCTION ${trigger}()`.execute(
      db.executor,
    );
    return async () => {
      await sql`DROP TRIGGER ${trigger} ON audit_log`.execute(db.executor);
      await sql`DROP FUNCTION ${trigger}()`.execute(db.executor);
    };
  }
  await sql`CREATE TRIGGER ${trigger} ${timing} INSERT ON audit_log WHEN NEW.action = ${fails}
            BEGIN SELECT RAISE(ABORT, 'disk full'); END`.execute(db.executor);
  return async () => {
    await sql`DROP TRIGGER ${trigger}`.execute(db.executor);
  };
}

/** `failAuditOf(db, action, 'AFTER')`. */
export function failAfterAuditOf(db: Db, action: string): Promise<() => Promise<void>> {
  return failAuditOf(db, action, 'AFTER');
}

export function postFraudReport(api: Api, user: DemoUser, body: unknown, options: { key?: string } = {}): Promise<Reply> {
  return api.post(FraudReportPaths.fraudReports, body, {
    token: user.token,
    headers: { [IDEMPOTENCY_KEY_HEADER]: options.key ?? randomUUID() },
  });
}

/** Files a report and returns its reference. */
export async function fileFraudReport(api: Api, user: DemoUser, overrides: Partial<CreateFraudReportRequest> = {}): Promise<string> {
  const reply = await postFraudReport(api, user, { scamType: 'impersonation', channel: 'voice_assistant', ...overrides });
  if (reply.status !== 201) {
    throw new Error(`Expected a filed report: ${reply.status} ${reply.text}`);
  }
  return reply.body.reference;
}

/** The fraud team's side, which has no endpoint: moves reports on, straight on the database. */
export function fraudTeam(db: Db, now: () => Date = () => new Date()): FraudReportsService {
  return createProtection({ db, accounts: new AccountsService(new AccountsRepository(db)), now }).fraudReports;
}
