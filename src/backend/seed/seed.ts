import { AccountsRepository } from '../accounts/repository';
import { AccountsService } from '../accounts/service';
import { hashToken } from '../http/auth';
import type { Db } from '../db/db';
import { openStore, type StoreLocation } from '../db/store';
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

async function hasUsers(db: Db): Promise<boolean> {
  return (await db.executor.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

async function missingUsers<User extends DemoUser>(db: Db, users: readonly User[]): Promise<User[]> {
  const present = await db.executor
    .selectFrom('users')
    .select('id')
    .where(
      'id',
      'in',
      users.map((user) => user.userId),
    )
    .execute();
  const ids = new Set(present.map((row) => row.id));
  return users.filter((user) => !ids.has(user.userId));
}

/**
 * Fills an empty store with the demo users, the demo-traffic users and their last 90 days. All in
 * one transaction: a crash leaves either everything or nothing, and the next start simply seeds
 * again. A store seeded before the demo-traffic users existed gets them (and only them) added.
 * Instances starting together on one PostgreSQL database seed once: the loser's transaction
 * fails on a user's key and, run again, finds the users there.
 */
export async function seedDemoData(db: Db, now: Date = new Date()): Promise<void> {
  if ((await hasUsers(db)) && (await missingUsers(db, DEMO_TRAFFIC_USERS)).length === 0) {
    return;
  }
  const names = Object.keys(DEMO_USERS) as DemoUserName[];
  const users: DemoUser[] = [...names.map((name) => DEMO_USERS[name]), ...DEMO_TRAFFIC_USERS];
  // scrypt is slow: hash before the transaction, which must not wait on it (and may run again).
  const codeHashes = new Map<string, string>();
  for (const user of users) {
    if (user.voiceCode !== undefined) {
      codeHashes.set(user.userId, await hashVoiceCode(user.voiceCode));
    }
  }

  const transactions = new TransactionsRepository(db);
  const voiceCodes = new VoiceCodeRepository(db);

  const insert = async (user: DemoUser, story: DemoUserName) => {
    await db.executor
      .insertInto('users')
      .values({ id: user.userId, display_name: user.displayName, locale: user.locale, time_zone: user.timeZone, home_currency: user.homeCurrency })
      .execute();
    await db.executor
      .insertInto('api_tokens')
      .values([
        { token_hash: hashToken(user.token), user_id: user.userId, client: 'voice_assistant' },
        { token_hash: hashToken(user.mobileAppToken), user_id: user.userId, client: 'mobile_app' },
      ])
      .execute();
    await db.executor
      .insertInto('wallets')
      .values(user.wallets.map((wallet) => ({ user_id: user.userId, currency: wallet.currency, available_minor: wallet.availableMinor })))
      .execute();
    const codeHash = codeHashes.get(user.userId);
    if (codeHash !== undefined) {
      await voiceCodes.replaceCode(user.userId, codeHash);
    }
    for (const transaction of writeDemoStory(user, DEMO_SPENDING[story], now)) {
      await transactions.insert(user.userId, transaction);
    }
  };

  await db.atomically(async () => {
    // Another process may have seeded while we were hashing: the checks are made again here.
    if (!(await hasUsers(db))) {
      for (const name of names) {
        await insert(DEMO_USERS[name], name);
      }
      await seedAntiFraudDemo(db, now);
      await seedProtectionDemo(db, now);
    }
    // Their story only: no held transfer, settings or fraud report, so that their conversations stay ordinary.
    for (const user of await missingUsers(db, DEMO_TRAFFIC_USERS)) {
      await insert(user, user.like);
    }
  });
}

/** Bruno's safety settings, and Chen's fraud report, through the real services (and their audit). */
async function seedProtectionDemo(db: Db, now: Date): Promise<void> {
  let at = now;
  const { settings, fraudReports } = createProtection({
    db,
    accounts: new AccountsService(new AccountsRepository(db)),
    now: () => at,
    newReference: () => CHEN_FRAUD_REPORT.reference,
  });
  for (const [name, chosen] of Object.entries(DEMO_SETTINGS)) {
    await settings.replace(DEMO_USERS[name as DemoUserName].userId, chosen);
  }
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  at = daysAgo(CHEN_FRAUD_REPORT.filedDaysAgo);
  const { report } = await fraudReports.create(DEMO_USERS.chen.userId, CHEN_FRAUD_REPORT.idempotencyKey, CHEN_FRAUD_REPORT.request);
  at = daysAgo(CHEN_FRAUD_REPORT.reviewedDaysAgo);
  await fraudReports.changeStatus(report.reference, 'under_review');
}

/** The demo backend's store: opened, migrated and, on first use, seeded with the demo users. */
export async function openSeededStore(location: StoreLocation): Promise<Db> {
  const db = await openStore(location);
  try {
    await seedDemoData(db);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
