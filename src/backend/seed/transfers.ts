/**
 * Seeds the anti-fraud demo inside the demo seed's transaction: Alexa user ids, the payee
 * registry, the friend transfers of the demo story as settled transfers, and Alice's held
 * high-risk transfer with its open alert, booked by the real scoring path.
 */
import pino from 'pino';
import { AccountsRepository } from '../accounts/repository';
import { AccountsService } from '../accounts/service';
import { createAntiFraud } from '../anti-fraud';
import type { Db } from '../db/db';
import { ALICE_HELD_TRANSFER, DEMO_ALEXA_USER_IDS, DEMO_FRIEND_ACCOUNTS, DEMO_SCAM_ACCOUNTS, FRIEND_ACCOUNTS_OPENED_AT } from './anti-fraud';
import { DEMO_USERS, type DemoUserName } from '../../shared/demo-users';
import { AlexaProactiveClient } from '../notifications/alexa-proactive';
import { NotificationsRepository } from '../notifications/repository';
import { TransactionsRepository } from '../transactions/repository';
import { payeeAccount } from '../transfers/payee-account';
import { TransfersRepository } from '../transfers/repository';

const DAY_MS = 86_400_000;
/** More than any demo user's 90 days hold. */
const HISTORY_LIMIT = 500;

/** Ids such as "tr_seed000000000001": the same on every fresh install. */
function seedIds(): (prefix: string) => string {
  let counter = 0;
  return (prefix) => {
    counter += 1;
    return `${prefix}_seed${String(counter).padStart(12, '0')}`;
  };
}

async function seedPayees(transfers: TransfersRepository, now: Date): Promise<void> {
  for (const accounts of Object.values(DEMO_FRIEND_ACCOUNTS)) {
    for (const account of Object.values(accounts)) {
      const { key, masked } = payeeAccount(account);
      await transfers.registerPayee(key, masked, { scamListed: false, openedAt: FRIEND_ACCOUNTS_OPENED_AT });
    }
  }
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  for (const scam of DEMO_SCAM_ACCOUNTS) {
    const { key, masked } = payeeAccount(scam.account);
    await transfers.registerPayee(key, masked, {
      scamListed: scam.listed,
      ...(scam.listed ? { scamType: scam.scamType } : {}),
      ...(scam.openedDaysAgo === undefined ? {} : { openedAt: daysAgo(scam.openedDaysAgo) }),
    });
    for (const reporter of scam.reportedBy) {
      await transfers.addReport(key, DEMO_USERS[reporter].userId, scam.scamType, daysAgo(2));
    }
  }
  const held = payeeAccount(ALICE_HELD_TRANSFER.request.payee.account);
  await transfers.registerPayee(held.key, held.masked, {
    scamListed: false,
    openedAt: daysAgo(ALICE_HELD_TRANSFER.payeeOpenedDaysAgo),
  });
}

/** The story's payments to friends become settled transfers, so those friends are known payees. */
async function seedFriendTransfers(db: Db, transfers: TransfersRepository, name: DemoUserName): Promise<void> {
  const { userId } = DEMO_USERS[name];
  const friends = DEMO_FRIEND_ACCOUNTS[name];
  const debits = await new TransactionsRepository(db).search({
    userId,
    direction: 'debit',
    status: 'completed',
    limit: HISTORY_LIMIT,
  });
  for (const transaction of debits) {
    const account = friends[transaction.counterparty];
    if (transaction.kind !== 'transfer' || account === undefined) {
      continue;
    }
    const { key, masked } = payeeAccount(account);
    await transfers.insert(
      {
        id: `tr_${transaction.id.slice(3)}`,
        userId,
        createdAt: transaction.bookedAt,
        status: 'settled',
        payeeKey: key,
        payeeName: transaction.counterparty,
        payeeAccountMasked: masked,
        newPayee: false,
        amountMinor: transaction.amountMinor,
        currency: transaction.currency,
        ...(transaction.memo === undefined ? {} : { memo: transaction.memo }),
        channel: 'mobile_app',
        risk: { score: 0, level: 'low', reasons: [], scamType: 'unknown' },
        transactionId: transaction.id,
        settledAt: transaction.bookedAt,
      },
      `demo-seed-${transaction.id}`,
      'demo-seed',
    );
  }
}

/** Call inside the demo seed's transaction, after the users and their stories are written. */
export async function seedAntiFraudDemo(db: Db, now: Date): Promise<void> {
  const transfers = new TransfersRepository(db);
  const notifications = new NotificationsRepository(db);
  const names = Object.keys(DEMO_USERS) as DemoUserName[];
  for (const name of names) {
    await notifications.linkAlexaUser(DEMO_USERS[name].userId, DEMO_ALEXA_USER_IDS[name]);
  }
  await seedPayees(transfers, now);
  for (const name of names) {
    await seedFriendTransfers(db, transfers, name);
  }
  // Nothing is sent while seeding: the alert waits for Alice's next conversation.
  const { transfers: service } = createAntiFraud({
    db,
    accounts: new AccountsService(new AccountsRepository(db)),
    logger: pino({ level: 'silent' }),
    now: () => now,
    alexa: new AlexaProactiveClient(undefined),
    newId: seedIds(),
  });
  const { transfer } = await service.create(DEMO_USERS.alice.userId, ALICE_HELD_TRANSFER.idempotencyKey, ALICE_HELD_TRANSFER.request);
  if (transfer.status !== 'held') {
    throw new Error(`The demo transfer of Alice scored ${transfer.risk.score} and was not held: check src/backend/risk/rules.json`);
  }
}
