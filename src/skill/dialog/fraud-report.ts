/**
 * Which payment a fraud report is about, from what the user said: the payee, the amount,
 * the day, or "the last one". Only money that left the wallet can be reported.
 */
import type { Transaction } from '../../shared/contract/api';
import { currencyDigits } from '../speech/format';
import { rangeOfDate } from './transaction-query';

export interface TransactionHints {
  payee?: string;
  /** As spoken: a number of major units ("fifty" → "50"). */
  amount?: string;
  /** An AMAZON.DATE value. */
  date?: string;
  /** 1 = the latest. */
  position?: number;
}

/** More candidates than this cannot be listed by voice: ask for a detail instead. */
export const MAX_SPOKEN_CANDIDATES = 3;

export function hasHints(hints: TransactionHints): boolean {
  return Boolean(hints.payee || hints.amount || hints.date || hints.position);
}

function majorUnits(transaction: Transaction): number {
  return transaction.amountMinor / 10 ** currencyDigits(transaction.currency);
}

function matchesAmount(transaction: Transaction, spoken: string): boolean {
  const amount = Number.parseFloat(spoken.replace(',', '.'));
  return Number.isFinite(amount) && Math.abs(majorUnits(transaction) - amount) < 1;
}

function matchesDate(transaction: Transaction, date: string, timeZone: string): boolean {
  const range = rangeOfDate(date, timeZone);
  if (!range?.from || !range.to) return true;
  return transaction.bookedAt >= range.from && transaction.bookedAt <= range.to;
}

/** The reportable payments that fit every hint given, newest first. */
export function reportableMatches(transactions: Transaction[], hints: TransactionHints, timeZone: string): Transaction[] {
  // A failed payment or a cancelled transfer never left the wallet.
  const reportable = transactions.filter(
    (transaction) => transaction.direction === 'debit' && transaction.status !== 'failed' && transaction.status !== 'cancelled',
  );
  if (hints.position && !hints.payee && !hints.amount && !hints.date) {
    const chosen = reportable[hints.position - 1];
    return chosen ? [chosen] : [];
  }
  return reportable.filter(
    (transaction) =>
      (!hints.payee || transaction.counterparty.toLowerCase().includes(hints.payee.toLowerCase())) &&
      (!hints.amount || matchesAmount(transaction, hints.amount)) &&
      (!hints.date || matchesDate(transaction, hints.date, timeZone)),
  );
}

/**
 * The digits of a reference number as the user said or typed it: "3141 5920", "31-41-59-20",
 * full-width digits from a Japanese keyboard. Undefined when there are no digits at all.
 */
export function spokenReference(value: string | undefined): string | undefined {
  const digits = (value ?? '').normalize('NFKC').replace(/[\s\-.]/g, '');
  return /^\d+$/.test(digits) ? digits : undefined;
}
