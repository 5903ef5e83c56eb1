/**
 * Shared by the fraud and protection conversation tests: the words each language's users say
 * (slot values as Alexa sends them), a small ledger, reports, and a fake report store that
 * behaves like the backend's idempotency (one report per Idempotency-Key).
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import type { FraudReport, Profile, Transaction } from '../../src/shared/contract/api';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { spokenWhen } from '../../src/skill/speech/account-speech';
import { formatDay, formatMoney } from '../../src/skill/speech/format';
import { localDateOf } from '../../src/shared/time/local-time';
import { ALICE, fakeBackend } from '../support/fake-backend';
import { expected } from '../support/skill';

export const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();
export const VOICE_CODE_REQUIRED = { error: { code: 'voice_code_required', message: 'voice code required' } };
export const NOT_FOUND = { error: { code: 'not_found', message: 'not found' } };
const HOUR = 3_600_000;

type Slot = { value: string; id: string };

/** What a user of each language says, as Alexa resolves it. */
export interface Words {
  last: Slot;
  second: Slot;
  impersonation: Slot;
  taskScam: Slot;
  hacked: Slot;
  safeAccount: Slot;
  on: Slot;
  off: Slot;
}

const WORDS: Record<string, Words> = {
  en: {
    last: { value: 'last', id: '1' },
    second: { value: 'second', id: '2' },
    impersonation: { value: 'fake customer service', id: 'impersonation' },
    taskScam: { value: 'paid tasks', id: 'task_scam' },
    hacked: { value: 'my account was hacked', id: 'account_takeover' },
    safeAccount: { value: 'move my money to a safe account', id: 'safe_account' },
    on: { value: 'on', id: 'on' },
    off: { value: 'off', id: 'off' },
  },
  de: {
    last: { value: 'letzte', id: '1' },
    second: { value: 'zweite', id: '2' },
    impersonation: { value: 'falscher Kundenservice', id: 'impersonation' },
    taskScam: { value: 'bezahlte Aufgaben', id: 'task_scam' },
    hacked: { value: 'mein Konto wurde gehackt', id: 'account_takeover' },
    safeAccount: { value: 'mein Geld auf ein sicheres Konto überweisen', id: 'safe_account' },
    on: { value: 'einschalten', id: 'on' },
    off: { value: 'ausschalten', id: 'off' },
  },
  es: {
    last: { value: 'último', id: '1' },
    second: { value: 'segundo', id: '2' },
    impersonation: { value: 'falso servicio al cliente', id: 'impersonation' },
    taskScam: { value: 'tareas pagadas', id: 'task_scam' },
    hacked: { value: 'hackearon mi cuenta', id: 'account_takeover' },
    safeAccount: { value: 'mover mi dinero a una cuenta segura', id: 'safe_account' },
    on: { value: 'activa', id: 'on' },
    off: { value: 'desactiva', id: 'off' },
  },
  fr: {
    last: { value: 'dernier', id: '1' },
    second: { value: 'deuxième', id: '2' },
    impersonation: { value: 'faux service client', id: 'impersonation' },
    taskScam: { value: 'tâches rémunérées', id: 'task_scam' },
    hacked: { value: 'mon compte a été piraté', id: 'account_takeover' },
    safeAccount: { value: 'transférer mon argent sur un compte sécurisé', id: 'safe_account' },
    on: { value: 'active', id: 'on' },
    off: { value: 'désactive', id: 'off' },
  },
  ja: {
    last: { value: '最後', id: '1' },
    second: { value: '2件目', id: '2' },
    impersonation: { value: '偽のカスタマーサービス', id: 'impersonation' },
    taskScam: { value: '副業', id: 'task_scam' },
    hacked: { value: '乗っ取られた', id: 'account_takeover' },
    safeAccount: { value: 'お金を安全な口座に移す', id: 'safe_account' },
    on: { value: 'オン', id: 'on' },
    off: { value: 'オフ', id: 'off' },
  },
};

export function wordsOf(locale: string): Words {
  return WORDS[locale.slice(0, 2)];
}

/** A user who has no voice code (Alice) and one who has (Chen), as the profile says. */
export const CHEN: Profile = {
  userId: 'u-chen',
  displayName: 'Chen Wei',
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  homeCurrency: 'CNY',
  voiceCodeRequired: true,
};

/** Newest first: money out to Li Na, a card payment, a failed and an incoming one, an older $50.20. */
export function ledger(now = Date.now()): Transaction[] {
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
  return [
    {
      id: 'f-0',
      bookedAt: at(1),
      direction: 'credit',
      status: 'completed',
      amountMinor: 9900,
      currency: 'USD',
      kind: 'transfer',
      counterparty: 'Bruno Keller',
    },
    {
      id: 'f-1',
      bookedAt: at(2),
      direction: 'debit',
      status: 'completed',
      amountMinor: 5000,
      currency: 'USD',
      kind: 'transfer',
      counterparty: 'Li Na',
    },
    {
      id: 'f-2',
      bookedAt: at(5),
      direction: 'debit',
      status: 'failed',
      amountMinor: 5000,
      currency: 'USD',
      kind: 'transfer',
      counterparty: 'Li Na',
    },
    {
      id: 'f-3',
      bookedAt: at(26),
      direction: 'debit',
      status: 'completed',
      amountMinor: 450,
      currency: 'USD',
      kind: 'card_payment',
      counterparty: 'Starbucks',
    },
    {
      id: 'f-4',
      bookedAt: at(50),
      direction: 'debit',
      status: 'completed',
      amountMinor: 5020,
      currency: 'USD',
      kind: 'transfer',
      counterparty: 'Ant Wealth Helper',
    },
  ];
}

export const REFERENCE = '40718231';
export const CHEN_REFERENCE = '31415920';

export function dayInDays(days: number, timeZone = ALICE.timeZone): string {
  return localDateOf(new Date(Date.now() + days * 86_400_000), timeZone);
}

export function report(overrides: Partial<FraudReport> = {}): FraudReport {
  const now = new Date().toISOString();
  return {
    reference: REFERENCE,
    status: 'received',
    scamType: 'impersonation',
    channel: 'voice_assistant',
    createdAt: now,
    updatedAt: now,
    nextStep: 'review',
    expectedBy: dayInDays(5),
    ...overrides,
  };
}

/** The words of a locale as a plain function, for the speech builders. */
export function t(locale: string) {
  return (key: string, params?: Record<string, unknown>) => expected(locale, key, params);
}

/** Several sentences, each the words of one key, as the skill joins them. */
export function sentences(locale: string, ...parts: Array<[key: string, params?: Record<string, unknown>]>): string {
  return parts.map(([key, params]) => expected(locale, key, params)).join(' ');
}

export function speechContext(locale: string, timeZone = ALICE.timeZone) {
  return { locale, timeZone, now: new Date() };
}

/** How the skill describes a payment in a report dialogue. */
export function paymentWords(locale: string, transaction: Transaction, timeZone = ALICE.timeZone): string {
  const context = speechContext(locale, timeZone);
  return expected(locale, 'fraudReport.transaction', {
    amount: formatMoney(transaction.amountMinor, transaction.currency, locale),
    counterparty: transaction.counterparty,
    when: spokenWhen(transaction.bookedAt, context, t(locale)),
  });
}

export function spokenDay(locale: string, day: string, timeZone = ALICE.timeZone): string {
  return formatDay(day, speechContext(locale, timeZone));
}

/**
 * The backend's report store, as far as the skill can see it: a report per Idempotency-Key,
 * a repeated key answers the first report (200) instead of filing again.
 */
export class FakeReportStore {
  readonly keys: string[] = [];
  readonly bodies: unknown[] = [];
  readonly filed = new Map<string, FraudReport>();

  constructor(private readonly answer: FraudReport) {}

  /** Waits (up to 5 s, however busy the machine) until `count` requests have reached the store. */
  async untilReached(count: number): Promise<void> {
    for (let waited = 0; this.keys.length < count && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(this.keys.length >= count, `${count} request(s) should have reached the report store`);
  }

  /** The next POST; `delayMs` longer than the client's timeout makes the skill give up on it. */
  intercept(delayMs = 0): nock.Scope {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return fakeBackend()
      .post('/v1/fraud-reports')
      .delay(delayMs)
      .reply(function (_uri, body) {
        const key = String(this.req.headers['idempotency-key'] ?? '');
        store.keys.push(key);
        store.bodies.push(body);
        const earlier = store.filed.get(key);
        if (earlier) return [200, earlier, { 'Idempotent-Replayed': 'true' }];
        store.filed.set(key, store.answer);
        return [201, store.answer];
      });
  }
}

export function afterEachCleanNock(): void {
  afterEach(() => nock.cleanAll());
}
