/**
 * Locale-aware formatting of what the skill says: money, dates, countries and lists.
 * Money arrives as integer minor units; only here does it become a number with decimals.
 */

import { addDays, localDateOf } from '../../shared/time/local-time';

export interface SpeechContext {
  locale: string;
  timeZone: string;
  now: Date;
}

/**
 * Building an Intl formatter costs far more than using one (ICU loads the locale's data each
 * time): it was an eighth of a balance turn's CPU. Each formatter is built once per distinct
 * set of arguments and reused. Locales and time zones come with requests, so each cache is
 * bounded: when full it starts over rather than grow without limit.
 */
const MAX_CACHED_FORMATTERS = 256;

function memoized<Args extends string[], T>(build: (...args: Args) => T): (...args: Args) => T {
  const cache = new Map<string, T>();
  return (...args) => {
    // NUL: no locale, currency or time zone contains it, so distinct arguments never share a key.
    const key = args.join('\u0000');
    let value = cache.get(key);
    if (value === undefined) {
      value = build(...args); // a RangeError (unknown locale, currency or zone) is thrown, not cached
      if (cache.size >= MAX_CACHED_FORMATTERS) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}

const fractionDigits = memoized(
  (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2,
);

export function currencyDigits(currency: string): number {
  return fractionDigits(currency);
}

const moneyFormat = memoized(
  (locale: string, currency: string, digits: string, whole: 'whole' | 'fraction') =>
    new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: whole === 'whole' ? 0 : Number(digits),
      maximumFractionDigits: Number(digits),
    }),
);

export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  const whole = Number.isInteger(amountMinor / 10 ** digits) ? 'whole' : 'fraction';
  return moneyFormat(locale, currency, String(digits), whole).format(amountMinor / 10 ** digits);
}

const displayNames = memoized((locale: string, type: 'currency' | 'region') => new Intl.DisplayNames([locale], { type }));

export function currencyName(currency: string, locale: string): string {
  try {
    return displayNames(locale, 'currency').of(currency) ?? currency;
  } catch {
    return currency;
  }
}

export function countryName(countryCode: string, locale: string): string {
  try {
    return displayNames(locale, 'region').of(countryCode.toUpperCase()) ?? countryCode;
  } catch {
    return countryCode;
  }
}

const listFormat = memoized((locale: string) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }));

export function formatList(items: string[], locale: string): string {
  return listFormat(locale).format(items);
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

const timeFormat = memoized((locale: string, timeZone: string) => new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }));

const relativeDayFormat = memoized((locale: string) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));

const dayFormat = memoized(
  (locale: string, timeZone: string, year: 'same year' | 'other year') =>
    new Intl.DateTimeFormat(locale, { timeZone, month: 'long', day: 'numeric', ...(year === 'same year' ? {} : { year: 'numeric' }) }),
);

export function spokenDate(instantIso: string, context: SpeechContext): SpokenDate {
  const instant = new Date(instantIso);
  const daysAgo = daysBetween(localDateOf(instant, context.timeZone), localDateOf(context.now, context.timeZone));
  const time = timeFormat(context.locale, context.timeZone).format(instant);
  if (daysAgo >= 0 && daysAgo < 7) {
    const day = relativeDayFormat(context.locale).format(-daysAgo, 'day');
    return { kind: 'relative', day, time };
  }
  const sameYear = localDateOf(instant, context.timeZone).slice(0, 4) === localDateOf(context.now, context.timeZone).slice(0, 4);
  const day = dayFormat(context.locale, context.timeZone, sameYear ? 'same year' : 'other year').format(instant);
  return { kind: 'absolute', day, time };
}

/**
 * A calendar day (YYYY-MM-DD, already a day in the user's time zone, such as a report's
 * `expectedBy`) as a listener hears it: "Tuesday, December 1", "Dienstag, 1. Dezember",
 * "12月1日火曜日"; the year only when it is not the current one in the user's zone.
 */
export function formatDay(day: string, context: SpeechContext): string {
  const [year, month, date] = day.split('-').map(Number);
  const sameYear = year === Number(localDateOf(context.now, context.timeZone).slice(0, 4));
  // The day is a calendar date, not an instant: format it at noon UTC, read in UTC, so no zone shifts it.
  return new Intl.DateTimeFormat(context.locale, {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(new Date(Date.UTC(year, month - 1, date, 12)));
}

/**
 * The parts of a coming instant as a listener hears it in their time zone: whether it falls
 * today, tomorrow or later, the day ("Monday, November 30", from formatDay) and the time
 * ("8:00 AM"). The sentence around them comes from the locale files, one per case.
 */
export interface SpokenDayAhead {
  when: 'today' | 'tomorrow' | 'later';
  day: string;
  time: string;
}

export function spokenDayAhead(instantIso: string, context: SpeechContext): SpokenDayAhead {
  const instant = new Date(instantIso);
  const time = timeFormat(context.locale, context.timeZone).format(instant);
  const day = localDateOf(instant, context.timeZone);
  const today = localDateOf(context.now, context.timeZone);
  const when = day <= today ? 'today' : day === addDays(today, 1) ? 'tomorrow' : 'later';
  return { when, day: formatDay(day, context), time };
}
