import { addDays, startOfLocalDay } from '../../shared/time/local-time';

/**
 * Turns what the user said about transactions (how many, which period, which merchant)
 * into backend filters. Periods are calendar periods in the user's own time zone.
 */

export const DEFAULT_SPOKEN_COUNT = 3;
/** More than this is no longer listenable; the user is told there are more. */
export const MAX_SPOKEN_COUNT = 10;

export interface TimeRange {
  from?: string;
  to?: string;
}

export function spokenCount(requested: string | undefined): number {
  const count = Number.parseInt(requested ?? '', 10);
  if (!Number.isFinite(count) || count < 1) return DEFAULT_SPOKEN_COUNT;
  return Math.min(count, MAX_SPOKEN_COUNT);
}

/** Whole calendar days [firstDay, lastDay] in the user's zone, as an instant range. */
function dayRange(firstDay: string, lastDay: string, timeZone: string): TimeRange {
  const end = new Date(startOfLocalDay(addDays(lastDay, 1), timeZone).getTime() - 1);
  return { from: startOfLocalDay(firstDay, timeZone).toISOString(), to: end.toISOString() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoWeekMonday(year: number, week: number): string {
  const fourthOfJanuary = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeekOne = new Date(fourthOfJanuary);
  mondayOfWeekOne.setUTCDate(4 - ((fourthOfJanuary.getUTCDay() + 6) % 7));
  mondayOfWeekOne.setUTCDate(mondayOfWeekOne.getUTCDate() + (week - 1) * 7);
  return mondayOfWeekOne.toISOString().slice(0, 10);
}

/**
 * An AMAZON.DATE value: a day (2026-11-27), a week (2026-W48), a weekend (2026-W48-WE),
 * a month (2026-11) or a year (2026). Anything else (decades, seasons, "PRESENT_REF") gives
 * no range rather than a wrong one.
 */
export function rangeOfDate(value: string, timeZone: string): TimeRange | undefined {
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month, day] = match.slice(1).map(Number);
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? dayRange(value, value, timeZone) : undefined;
  }
  match = /^(\d{4})-W(\d{2})(-WE)?$/.exec(value);
  if (match) {
    const [year, week] = [Number(match[1]), Number(match[2])];
    const monday = isoWeekMonday(year, week);
    // ISO weeks run 1 to 52 or 53; a week belongs to the year its Thursday is in.
    if (week < 1 || !addDays(monday, 3).startsWith(match[1])) return undefined;
    return match[3] ? dayRange(addDays(monday, 5), addDays(monday, 6), timeZone) : dayRange(monday, addDays(monday, 6), timeZone);
  }
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (month < 1 || month > 12) return undefined;
    return dayRange(`${value}-01`, `${value}-${String(daysInMonth(year, month)).padStart(2, '0')}`, timeZone);
  }
  match = /^(\d{4})$/.exec(value);
  if (match) return dayRange(`${value}-01-01`, `${value}-12-31`, timeZone);
  return undefined;
}

/** An AMAZON.DURATION value such as P7D, P2W, P1M or PT5H: from that long ago until now. */
export function rangeOfDuration(value: string, now: Date): TimeRange | undefined {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [years, months, weeks, days, hours, minutes] = match.slice(1).map((part) => Number(part ?? 0));
  const from = new Date(now);
  // "A month ago" on 31 March is the last day of February, not 3 March: clamp the day first.
  const monthsBack = from.getUTCMonth() - months - years * 12;
  const targetYear = from.getUTCFullYear() + Math.floor(monthsBack / 12);
  const targetMonth = ((monthsBack % 12) + 12) % 12;
  from.setUTCFullYear(targetYear, targetMonth, Math.min(from.getUTCDate(), daysInMonth(targetYear, targetMonth + 1)));
  from.setUTCDate(from.getUTCDate() - weeks * 7 - days);
  from.setUTCHours(from.getUTCHours() - hours, from.getUTCMinutes() - minutes);
  return { from: from.toISOString(), to: now.toISOString() };
}

export interface SpokenPeriod {
  date?: string;
  duration?: string;
}

export function rangeOfPeriod(period: SpokenPeriod, now: Date, timeZone: string): TimeRange | undefined {
  if (period.date) return rangeOfDate(period.date, timeZone);
  if (period.duration) return rangeOfDuration(period.duration, now);
  return undefined;
}

/**
 * Which transaction "the second one" means: the position in the list the user last heard,
 * or, if nothing was listed yet, in the latest transactions.
 */
export function pickByPosition<T>(items: T[], position: number): T | undefined {
  if (!Number.isInteger(position) || position < 1) return undefined;
  return items[position - 1];
}
