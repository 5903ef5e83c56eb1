/**
 * The anti-fraud side of the demo: each demo user's Alexa user id, the payee accounts of their
 * friends (so paying a friend again is recognised), the accounts the wallet knows as scams, and
 * the held transfer Alice is warned about on a fresh install.
 */
import type { CreateTransferRequest, ScamType } from '../../shared/contract/api';
import type { DemoUserName } from '../../shared/demo-users';

/** What Alexa would send as `context.System.user.userId` for each demo user. */
export const DEMO_ALEXA_USER_IDS: Record<DemoUserName, string> = {
  alice: 'amzn1.ask.account.DEMO-ALICE-CAREVOICE',
  bruno: 'amzn1.ask.account.DEMO-BRUNO-CAREVOICE',
  chen: 'amzn1.ask.account.DEMO-CHEN-CAREVOICE',
  sofia: 'amzn1.ask.account.DEMO-SOFIA-CAREVOICE',
  yuki: 'amzn1.ask.account.DEMO-YUKI-CAREVOICE',
};

/** Friends' accounts by the names the demo story pays (see spending.ts), open for years. */
export const DEMO_FRIEND_ACCOUNTS: Record<DemoUserName, Record<string, string>> = {
  alice: { 'Emma Johnson': '@emma.j', 'Daniel Brooks': '+1 212 555 0147', 'Priya Patel': '+1 646 555 0199' },
  bruno: {
    'Lena Fischer': 'DE89 3704 0044 0532 0130 00',
    'Jonas Becker': 'DE02 1203 0000 0000 2020 51',
    'Anna Schmidt': 'DE75 5121 0800 1245 1261 99',
  },
  chen: { '李娜 Li Na': '+86 138 0013 8000', 'Wang Fang': '@wangfang', 'Zhang Wei': '+86 139 0000 1234' },
  sofia: { 'Valeria López': '+52 55 1234 5678', 'Diego Hernández': '@diego.hdz', 'Mariana Ruiz': '+52 55 8765 4321' },
  yuki: { '佐藤花子 Hanako Sato': '+81 90 1234 5678', 'Kenji Watanabe': '@kenji.w' },
};
export const FRIEND_ACCOUNTS_OPENED_AT = '2019-03-01T00:00:00.000Z';

export interface DemoScamAccount {
  account: string;
  scamType: ScamType;
  /** On the wallet's scam list; otherwise only reported by the users below. */
  listed: boolean;
  reportedBy: readonly DemoUserName[];
  /** Days before seeding; undefined when the registry does not know. */
  openedDaysAgo?: number;
}

export const DEMO_SCAM_ACCOUNTS: readonly DemoScamAccount[] = [
  { account: '@quick.task.rewards', scamType: 'task_scam', listed: true, reportedBy: ['chen', 'yuki'], openedDaysAgo: 12 },
  { account: 'GB33 BUKB 2020 1555 5555 55', scamType: 'impersonation', listed: true, reportedBy: [] },
  { account: '+44 7700 900777', scamType: 'investment', listed: true, reportedBy: ['bruno'] },
  { account: '+1 305 555 0188', scamType: 'refund_scam', listed: false, reportedBy: ['bruno', 'sofia'] },
];

/** Alice's transfer to a "task" platform, held on every fresh install. */
export const ALICE_HELD_TRANSFER = {
  idempotencyKey: 'demo-seed-alice-held-transfer',
  payeeOpenedDaysAgo: 3,
  request: {
    payee: { name: 'Star Task Hub', account: '+44 7700 900123' },
    amountMinor: 180_000,
    currency: 'USD',
    memo: 'task commission unlock fee',
    channel: 'mobile_app',
  } satisfies CreateTransferRequest,
};
