/** Speech parts of the security-alert dialogue that depend on the clock and the user's time zone. */
import { localDateOf, addDays } from '../time/local-time';
import { formatDay, SpeechContext } from './format';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * Until when a transfer is held, as a sentence: "today at 9:40 PM", "tomorrow at...", or, once
 * the hold time has passed, that it stays held until the user decides.
 */
export function describeHold(holdUntil: string | undefined, expired: boolean, context: SpeechContext, t: Translate): string {
  if (!holdUntil || expired || Date.parse(holdUntil) <= context.now.getTime()) return t('securityAlert.held.expired');
  const instant = new Date(holdUntil);
  const time = new Intl.DateTimeFormat(context.locale, { timeZone: context.timeZone, hour: 'numeric', minute: '2-digit' }).format(instant);
  const day = localDateOf(instant, context.timeZone);
  const today = localDateOf(context.now, context.timeZone);
  if (day === today) return t('securityAlert.held.today', { time });
  if (day === addDays(today, 1)) return t('securityAlert.held.tomorrow', { time });
  return t('securityAlert.held.later', { day: formatDay(day, context), time });
}
