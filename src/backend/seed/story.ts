/**
 * Writes each demo user's last 90 days as transactions. Deterministic: a fixed pseudo-random seed
 * per user gives the same ids, merchants and amounts on every run, while dates are placed relative
 * to `now` so "yesterday" and "the last 24 hours" always have something to tell.
 */
import type { Transaction } from '../../shared/contract/api';
import { addDays, localDateOf, startOfLocalDay } from '../../shared/time/local-time';
import type { DemoUser } from '../../shared/demo-users';
import { seededRandom } from '../../shared/random';

type AmountRange = readonly [minMinor: number, maxMinor: number];

interface Merchant {
  name: string;
  /** Absent for online shops. */
  city?: string;
  country: string;
  currency: string;
  amountMinor: AmountRange;
  /** Amounts are multiples of this (10 for yen prices), default 1. */
  step?: number;
  /** Local hours, in the user's home time zone, when the user pays there: [from, to). */
  hours: readonly [number, number];
  /** Relative frequency among the user's everyday payments. */
  weight: number;
  kind?: 'card_payment' | 'withdrawal';
}

interface Friend {
  name: string;
  memos: readonly string[];
}

export interface SpendingProfile {
  /** The merchants the fixed episodes of the story need (yesterday's coffee, a refund...). */
  coffee: Merchant;
  groceries: Merchant;
  onlineShop: Merchant;
  airline: Merchant;
  /** Everything else the user pays for, at home and on trips. */
  everyday: readonly Merchant[];
  friends: readonly Friend[];
  transfers: { amountMinor: AmountRange; step: number };
  topUps: { bank: string; memo: string; amountMinor: AmountRange; step: number };
  exchange: { fromCurrency: string; fromMinor: number; toCurrency: string; toMinor: number; memo: string };
}

const MINUTE_MS = 60_000;
const TRANSACTIONS_PER_USER = { min: 60, max: 80 } as const;
const HISTORY_DAYS = 90;
/** Days ago of the regular top-ups from the user's bank. */
const TOP_UP_DAYS_AGO = [6, 20, 34, 48, 62, 76];

/** Demo data drawn from a seed made of a text (the user, the story). */
class SeededRandom {
  private readonly random: () => number;

  constructor(text: string) {
    // FNV-1a turns the text into the 32-bit seed.
    let hash = 0x811c9dc5;
    for (const char of text) {
      hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
    }
    this.random = seededRandom(hash);
  }

  next(): number {
    return this.random();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  amount([min, max]: AmountRange, step = 1): number {
    return Math.max(step, Math.round(this.int(min, max) / step) * step);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  pickWeighted<T extends { weight: number }>(items: readonly T[]): T {
    let remaining = this.next() * items.reduce((sum, item) => sum + item.weight, 0);
    for (const item of items) {
      remaining -= item.weight;
      if (remaining < 0) {
        return item;
      }
    }
    return items[items.length - 1];
  }

  transactionId(): string {
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
    let id = 'tx_';
    for (let i = 0; i < 16; i += 1) {
      id += alphabet[this.int(0, alphabet.length - 1)];
    }
    return id;
  }
}

type Draft = Omit<Transaction, 'id'>;

export function writeDemoStory(user: DemoUser, spending: SpendingProfile, now: Date): Transaction[] {
  const random = new SeededRandom(user.userId);
  const today = localDateOf(now, user.timeZone);
  const transactions: Transaction[] = [];

  const add = (draft: Draft) => transactions.push({ id: random.transactionId(), ...draft });
  /** A moment on the user's own clock, `daysAgo` calendar days back. */
  const localTime = (daysAgo: number, hour: number, minute: number) =>
    new Date(startOfLocalDay(addDays(today, -daysAgo), user.timeZone).getTime() + (hour * 60 + minute) * MINUTE_MS + random.int(0, 59) * 1000).toISOString();
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * MINUTE_MS).toISOString();

  const payment = (merchant: Merchant, bookedAt: string): Draft => ({
    bookedAt,
    direction: 'debit',
    status: 'completed',
    amountMinor: random.amount(merchant.amountMinor, merchant.step),
    currency: merchant.currency,
    kind: merchant.kind ?? 'card_payment',
    counterparty: merchant.name,
    ...(merchant.city === undefined ? {} : { city: merchant.city }),
    country: merchant.country,
  });
  const topUp = (bookedAt: string, status: Transaction['status']): Draft => ({
    bookedAt,
    direction: 'credit',
    status,
    amountMinor: random.amount(spending.topUps.amountMinor, spending.topUps.step),
    currency: user.homeCurrency,
    kind: 'top_up',
    counterparty: spending.topUps.bank,
    memo: spending.topUps.memo,
  });
  const transfer = (direction: Transaction['direction'], bookedAt: string): Draft => {
    const friend = random.pick(spending.friends);
    return {
      bookedAt,
      direction,
      status: 'completed',
      amountMinor: random.amount(spending.transfers.amountMinor, spending.transfers.step),
      currency: user.homeCurrency,
      kind: 'transfer',
      counterparty: friend.name,
      memo: random.pick(friend.memos),
    };
  };

  // The fixed episodes the demo conversations rely on.
  add(payment(spending.coffee, localTime(1, 8, 10)));
  add(payment(spending.groceries, localTime(1, 18, 40)));
  add({ ...payment(spending.onlineShop, minutesAgo(180)), status: 'failed', memo: 'Declined: 3-D Secure check failed' });
  add({ ...payment(spending.airline, localTime(19, 21, 5)), status: 'failed', memo: 'Declined: over the daily card limit' });
  const returnedOrder = payment(spending.onlineShop, localTime(12, 20, 30));
  add({ ...returnedOrder, status: 'refunded' });
  add({ ...returnedOrder, bookedAt: localTime(8, 10, 15), direction: 'credit', kind: 'refund', memo: 'Refund: item returned' });
  add(topUp(minutesAgo(45), 'pending'));
  for (const daysAgo of TOP_UP_DAYS_AGO) {
    add(topUp(localTime(daysAgo, 9, 0), 'completed'));
  }
  const { exchange } = spending;
  const exchangedAt = localTime(35, 11, 20);
  const exchangeLeg = {
    bookedAt: exchangedAt,
    status: 'completed',
    kind: 'exchange',
    counterparty: 'Currency exchange',
    memo: exchange.memo,
  } as const;
  add({ ...exchangeLeg, direction: 'debit', amountMinor: exchange.fromMinor, currency: exchange.fromCurrency });
  add({ ...exchangeLeg, direction: 'credit', amountMinor: exchange.toMinor, currency: exchange.toCurrency });

  // Everyday life fills the rest of the 90 days.
  const merchants = [spending.coffee, spending.groceries, spending.onlineShop, spending.airline, ...spending.everyday];
  const total = random.int(TRANSACTIONS_PER_USER.min, TRANSACTIONS_PER_USER.max);
  while (transactions.length < total) {
    const daysAgo = random.int(1, HISTORY_DAYS - 1);
    const roll = random.next();
    if (roll < 0.78) {
      const merchant = random.pickWeighted(merchants);
      add(payment(merchant, localTime(daysAgo, random.int(merchant.hours[0], merchant.hours[1] - 1), random.int(0, 59))));
    } else {
      add(transfer(roll < 0.9 ? 'debit' : 'credit', localTime(daysAgo, random.int(10, 21), random.int(0, 59))));
    }
  }
  return transactions;
}
