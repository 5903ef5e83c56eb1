/**
 * The protection side of the demo: Bruno's safety settings, and the fraud report Chen filed, so
 * the status dialogue has a case to tell.
 */
import type { CreateFraudReportRequest, UserSettings } from '../../shared/contract/api';
import type { DemoUserName } from '../../shared/demo-users';

/** The others keep the defaults (delayed arrival off, no trusted contact). */
export const DEMO_SETTINGS: Partial<Record<DemoUserName, UserSettings>> = {
  bruno: {
    delayedArrival: { enabled: true, hours: 24 },
    trustedContact: { name: 'Marie Keller', phone: '+4915112345678' },
  },
};

/** Chen paid to unlock "task" commissions; filed two days before seeding, under review since yesterday. */
export const CHEN_FRAUD_REPORT = {
  reference: '31415920',
  idempotencyKey: 'demo-seed-chen-fraud-report',
  filedDaysAgo: 2,
  reviewedDaysAgo: 1,
  request: {
    scamType: 'task_scam',
    description: '网上刷单，对方说要先交解冻费才能提现佣金。',
    channel: 'mobile_app',
  } satisfies CreateFraudReportRequest,
};
