/** Speech parts of the security-alert dialogue that depend on the clock and the user's time zone. */
import { spokenDayAhead, SpeechContext } from './format';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * Until when a transfer is held, as a sentence: "today at 9:40 PM", "tomorrow at...", or, once
 * the hold time has passed, that it stays held until the user decides.
 */
export function describeHold(holdUntil: string | undefined, expired: boolean, context: SpeechContext, t: Translate): string {
  if (!holdUntil || expired || Date.parse(holdUntil) <= context.now.getTime()) return t('securityAlert.held.expired');
  const { when, day, time } = spokenDayAhead(holdUntil, context);
  if (when === 'today') return t('securityAlert.held.today', { time });
  if (when === 'tomorrow') return t('securityAlert.held.tomorrow', { time });
  return t('securityAlert.held.later', { day, time });
}
