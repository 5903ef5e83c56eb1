/** Calendar days in a user's time zone, with nothing but Intl (no time zone library needed). */

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading in `timeZone` at `epochMs`, written as if it were a UTC instant. */
function wallClockAsUtc(epochMs: number, timeZone: string): number {
  const part = Object.fromEntries(
    wallClockFormat(timeZone)
      .formatToParts(new Date(epochMs))
      .map(({ type, value }) => [type, Number(value)]),
  );
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
}

function utcOffsetMs(epochMs: number, timeZone: string): number {
  return wallClockAsUtc(epochMs, timeZone) - Math.floor(epochMs / 1000) * 1000;
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  return new Date(wallClockAsUtc(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The first instant of calendar day `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightAsUtc = Date.parse(`${date}T00:00:00Z`);
  // The offset can differ between UTC midnight and local midnight (DST change): look twice.
  const estimate = midnightAsUtc - utcOffsetMs(midnightAsUtc, timeZone);
  const start = new Date(midnightAsUtc - utcOffsetMs(estimate, timeZone));
  // Where the clocks skip midnight (Chile, spring), that instant still belongs to the day
  // before; the day then starts at the jump, which the first estimate is.
  return localDateOf(start, timeZone) === date ? start : new Date(estimate);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The hour (0-23) on the wall clock of `timeZone` at `instant`. */
export function localHourOf(instant: Date, timeZone: string): number {
  return new Date(wallClockAsUtc(instant.getTime(), timeZone)).getUTCHours();
}

/** Minutes since midnight (0-1439) on the wall clock of `timeZone` at `instant`. */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  const wallClock = new Date(wallClockAsUtc(instant.getTime(), timeZone));
  return wallClock.getUTCHours() * 60 + wallClock.getUTCMinutes();
}

/** The day of the week of calendar day `date` (YYYY-MM-DD): 0 for Sunday to 6 for Saturday. */
export function weekdayOf(date: string): number {
  return new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay();
}

/**
 * The instant the wall clock of `timeZone` reads `minuteOfDay` minutes after midnight on `date`
 * (1440: the next midnight). A reading the clocks skip (spring forward) is taken as the instant
 * of the jump plus the skipped amount, as a wall clock would show it after the change; a
 * reading that happens twice (fall back) is the first of the two.
 */
export function localTimeToInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const wallAsUtc = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000;
  // As in startOfLocalDay: the offset can differ between the guess and the answer, look twice.
  const earlier = wallAsUtc - utcOffsetMs(wallAsUtc - 86_400_000 / 2, timeZone);
  const later = wallAsUtc - utcOffsetMs(wallAsUtc + 86_400_000 / 2, timeZone);
  const candidates = [Math.min(earlier, later), Math.max(earlier, later)];
  const exact = candidates.find((candidate) => wallClockAsUtc(candidate, timeZone) === wallAsUtc);
  return new Date(exact ?? Math.max(earlier, later));
}
