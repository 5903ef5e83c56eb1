/** The backend as nock fakes it for skill tests: shapes from the shared contract. */
import nock from 'nock';
import type { Balance, HandoffTicket, Profile, Transaction } from '../../src/shared/contract/api';
import { BACKEND_URL } from './skill';

const HOUR = 3_600_000;

export const ALICE: Profile = {
  userId: 'u-alice',
  displayName: 'Alice Martin',
  locale: 'en-US',
  timeZone: 'America/New_York',
  homeCurrency: 'USD',
  voiceCodeRequired: false,
};

export const ALICE_BALANCES: Balance[] = [
  { currency: 'USD', availableMinor: 123456, pendingMinor: 0 },
  { currency: 'EUR', availableMinor: 5000, pendingMinor: 0 },
];

/** Alice's latest transactions, newest first, dated relative to now. */
export function aliceTransactions(now = Date.now()): Transaction[] {
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
  return [
    {
      id: 't-1',
      bookedAt: at(2),
      direction: 'debit',
      status: 'completed',
      amountMinor: 450,
      currency: 'USD',
      kind: 'card_payment',
      counterparty: 'Starbucks',
      city: 'Seattle',
      country: 'US',
    },
    {
      id: 't-2',
      bookedAt: at(30),
      direction: 'debit',
      status: 'failed',
      amountMinor: 8999,
      currency: 'USD',
      kind: 'card_payment',
      counterparty: 'Marks & Spencer',
      city: 'London',
      country: 'GB',
    },
    {
      id: 't-3',
      bookedAt: at(52),
      direction: 'credit',
      status: 'completed',
      amountMinor: 20000,
      currency: 'USD',
      kind: 'transfer',
      counterparty: 'Bruno Keller',
      memo: 'Dinner <3',
    },
    {
      id: 't-4',
      bookedAt: at(24 * 20),
      direction: 'debit',
      status: 'completed',
      amountMinor: 12000,
      currency: 'EUR',
      kind: 'card_payment',
      counterparty: 'Air France',
      city: 'Paris',
      country: 'FR',
    },
  ];
}

export function fakeBackend() {
  return nock(BACKEND_URL);
}

export function afterEachCleanNock(): void {
  afterEach(() => nock.cleanAll());
}

/** A handoff ticket as the backend answers it: waiting third in the queue, 12 minutes. */
export function handoffTicket(overrides: Partial<HandoffTicket> = {}): HandoffTicket {
  return {
    id: 'hd_0123456789abcdef',
    status: 'waiting',
    reason: 'user_request',
    contactMode: 'live_agent',
    channel: 'voice_assistant',
    context: { intents: ['HumanAgentIntent'], utterances: [], topic: 'general', language: 'en-US' },
    createdAt: new Date().toISOString(),
    queuePosition: 3,
    estimatedWaitMinutes: 12,
    ...overrides,
  };
}
