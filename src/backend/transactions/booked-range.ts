import { isCalendarDate } from '../../shared/contract/api';
import { HttpError } from '../http/errors';
import { addDays, startOfLocalDay } from '../../shared/time/local-time';

interface BookedRange {
  /** ISO instant, inclusive. */
  bookedFrom?: string;
  /** ISO instant, exclusive. */
  bookedBefore?: string;
}

/**
 * Turns the inclusive `from`/`to` bounds into instants. A calendar date is a whole day on the
 * user's own clock, so "yesterday" means the same to Chen in Shanghai as to Alice in New York.
 */
export function resolveBookedRange(from: string | undefined, to: string | undefined, timeZone: string): BookedRange {
  const bookedFrom = from === undefined ? undefined : isCalendarDate(from) ? startOfLocalDay(from, timeZone) : new Date(from);
  const bookedBefore = to === undefined ? undefined : isCalendarDate(to) ? startOfLocalDay(addDays(to, 1), timeZone) : new Date(Date.parse(to) + 1);
  if (bookedFrom !== undefined && bookedBefore !== undefined && bookedFrom >= bookedBefore) {
    throw HttpError.invalidFields([{ field: 'from', message: 'must not be after to' }]);
  }
  return { bookedFrom: bookedFrom?.toISOString(), bookedBefore: bookedBefore?.toISOString() };
}
