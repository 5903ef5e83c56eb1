import { AccountsRepository } from '../accounts/repository';
import { AccountsService } from '../accounts/service';
import { hashToken } from '../http/auth';
import type { Db } from '../db/db';
import { openStore } from '../db/store';
import { DEMO_TRAFFIC_USERS, DEMO_USERS, type DemoUser, type DemoUserName } from '../../shared/demo-users';
import { CHEN_FRAUD_REPORT, DEMO_SETTINGS } from './protection';
import { DEMO_SPENDING } from './spending';
import { writeDemoStory } from './story';
import { createProtection } from '../protection';
import { TransactionsRepository } from '../transactions/repository';
import { seedAntiFraudDemo } from './transfers';
import { VoiceCodeRepository } from '../voice-code/repository';
import { hashVoiceCode } from '../voice-code/voice-code-hash';

const DAY_MS = 86_400_000;

function hasUsers(db: Db): boolean {
  return db.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined;
}

function hasUser(db: Db, userId: string): boolean {
  return db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId) !== undefined;
}

/**
 * Fills an empty store with the demo users, the demo-traffic users and their last 90 days. All in
 * one transaction: a crash leaves either everything or nothing, and the next start simply seeds
 * again. A store seeded before the demo-traffic users existed gets them (and only them) added.
 */
export async function seedDemoData(db: Db, now: Date = new Date()): Promise<void> {
  const missingTraffic = () => DEMO_TRAFFIC_USERS.filter((user) => !hasUser(db, user.userId));
  if (hasUsers(db) && missingTraffic().length === 0) {
    return;
  }
  const names = Object.keys(DEMO_USERS) as DemoUserName[];
  const users: DemoUser[] = [...names.map((name) => DEMO_USERS[name]), ...DEMO_TRAFFIC_USERS];
  // scrypt is asynchronous, a better-sqlite3 transaction is not: hash first.
  const codeHashes = new Map<string, string>();
  for (const user of users) {
    if (user.voiceCode !== undefined) {
      codeHashes.set(user.userId, await hashVoiceCode(user.voiceCode));
    }
  }

  const insertUser = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO users (id, display_name, locale, time_zone, home_currency) VALUES (?, ?, ?, ?, ?)',
  );
  const insertToken = db.prepare<[string, string, string]>('INSERT INTO api_tokens (token_hash, user_id, client) VALUES (?, ?, ?)');
  const insertWallet = db.prepare<[string, string, number]>('INSERT INTO wallets (user_id, currency, available_minor) VALUES (?, ?, ?)');
  const transactions = new TransactionsRepository(db);
  const voiceCodes = new VoiceCodeRepository(db);

  const insert = (user: DemoUser, story: DemoUserName) => {
    insertUser.run(user.userId, user.displayName, user.locale, user.timeZone, user.homeCurrency);
    insertToken.run(hashToken(user.token), user.userId, 'voice_assistant');
    insertToken.run(hashToken(user.mobileAppToken), user.userId, 'mobile_app');
    for (const wallet of user.wallets) {
      insertWallet.run(user.userId, wallet.currency, wallet.availableMinor);
    }
    const codeHash = codeHashes.get(user.userId);
    if (codeHash !== undefined) {
      voiceCodes.replaceCode(user.userId, codeHash);
    }
    for (const transaction of writeDemoStory(user, DEMO_SPENDING[story], now)) {
      transactions.insert(user.userId, transaction);
    }
  };

  db.transaction(() => {
    // Another process may have seeded while we were hashing: the checks are made again here.
    if (!hasUsers(db)) {
      for (const name of names) {
        insert(DEMO_USERS[name], name);
      }
      seedAntiFraudDemo(db, now);
      seedProtectionDemo(db, now);
    }
    // Their story only: no held transfer, settings or fraud report, so that their conversations stay ordinary.
    for (const user of missingTraffic()) {
      insert(user, user.like);
    }
  }).immediate();
}

/** Bruno's safety settings, and Chen's fraud report, through the real services (and their audit). */
function seedProtectionDemo(db: Db, now: Date): void {
  let at = now;
  const { settings, fraudReports } = createProtection({
    db,
    accounts: new AccountsService(new AccountsRepository(db)),
    now: () => at,
    newReference: () => CHEN_FRAUD_REPORT.reference,
  });
  for (const [name, chosen] of Object.entries(DEMO_SETTINGS)) {
    settings.replace(DEMO_USERS[name as DemoUserName].userId, chosen);
  }
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  at = daysAgo(CHEN_FRAUD_REPORT.filedDaysAgo);
  const { report } = fraudReports.create(DEMO_USERS.chen.userId, CHEN_FRAUD_REPORT.idempotencyKey, CHEN_FRAUD_REPORT.request);
  at = daysAgo(CHEN_FRAUD_REPORT.reviewedDaysAgo);
  fraudReports.changeStatus(report.reference, 'under_review');
}

/** The demo backend's store: opened, migrated and, on first use, seeded with the demo users. */
export async function openSeededStore({ dataDir }: { dataDir: string }): Promise<Db> {
  const db = openStore({ dataDir });
  try {
    await seedDemoData(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
