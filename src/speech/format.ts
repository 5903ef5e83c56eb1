/**
 * Locale-aware formatting of what the skill says: money, dates, countries and lists.
 * Money arrives as integer minor units; only here does it become a number with decimals.
 */

import { localDateOf } from '../time/local-time';

export interface SpeechContext {
  locale: string;
  timeZone: string;
  now: Date;
}

export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: Number.isInteger(amountMinor / 10 ** digits) ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}

export function currencyName(currency: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'currency' }).of(currency) ?? currency;
  } catch {
    return currency;
  }
}

export function countryName(countryCode: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(countryCode.toUpperCase()) ?? countryCode;
  } catch {
    return countryCode;
  }
}

export function formatList(items: string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

/**
 * The parts of a spoken date, relative where that is natural ("yesterday", "3 days ago"),
 * as a calendar date otherwise. The sentence around them comes from the locale files.
 */
export interface SpokenDate {
  kind: 'relative' | 'absolute';
  day: string;
  time: string;
}

export function spokenDate(instantIso: string, context: SpeechContext): SpokenDate {
  const instant = new Date(instantIso);
  const daysAgo = daysBetween(localDateOf(instant, context.timeZone), localDateOf(context.now, context.timeZone));
  const time = new Intl.DateTimeFormat(context.locale, { timeZone: context.timeZone, hour: 'numeric', minute: '2-digit' }).format(instant);
  if (daysAgo >= 0 && daysAgo < 7) {
    const day = new Intl.RelativeTimeFormat(context.locale, { numeric: 'auto' }).format(-daysAgo, 'day');
    return { kind: 'relative', day, time };
  }
  const sameYear = localDateOf(instant, context.timeZone).slice(0, 4) === localDateOf(context.now, context.timeZone).slice(0, 4);
  const day = new Intl.DateTimeFormat(context.locale, {
    timeZone: context.timeZone,
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(instant);
  return { kind: 'absolute', day, time };
}
