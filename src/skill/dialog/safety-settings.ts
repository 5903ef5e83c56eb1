/**
 * The safety settings as the user changes them by voice: delayed arrival of transfers to new
 * payees (on or off, 2 or 24 hours) and the trusted contact's phone number.
 */
import type { DelayedArrival, DelayedArrivalHours } from '../../shared/contract/api';

export const DELAY_CHOICES: readonly DelayedArrivalHours[] = [2, 24];

/** "2", "24", "24 hours", "２４": one of the two delays offered; undefined for anything else. */
export function delayHours(spoken: string | undefined): DelayedArrivalHours | undefined {
  const hours = Number.parseInt((spoken ?? '').normalize('NFKC'), 10);
  return DELAY_CHOICES.find((choice) => choice === hours);
}

export type DelayedArrivalAction =
  /** Nothing to change: say what it does and whether it is on. */
  | { kind: 'explain' }
  /** Turning it on, and the user should choose the delay. */
  | { kind: 'askHours' }
  /** A delay other than 2 or 24 hours. */
  | { kind: 'badHours' }
  | { kind: 'save'; delayedArrival: DelayedArrival };

/**
 * What "turn delayed arrival on", "set it to 24 hours" or "turn it off" does to the current setting.
 * Naming a delay turns it on; turning it on without one asks which (the last choice stays stored).
 */
export function delayedArrivalAction(current: DelayedArrival, toggle: string | undefined, spokenHours: string | undefined): DelayedArrivalAction {
  if (spokenHours !== undefined && spokenHours !== '') {
    const hours = delayHours(spokenHours);
    if (hours === undefined) return { kind: 'badHours' };
    if (toggle === 'off') return { kind: 'save', delayedArrival: { enabled: false, hours } };
    return { kind: 'save', delayedArrival: { enabled: true, hours } };
  }
  if (toggle === 'off') return { kind: 'save', delayedArrival: { enabled: false, hours: current.hours } };
  if (toggle === 'on') return { kind: 'askHours' };
  return { kind: 'explain' };
}

/**
 * A phone number in E.164 (+ country code and number), as the backend stores it, from what was
 * said or typed: "+49 151 1234 5678", "0049 151...", "4915112345678". A national number (one
 * leading 0) has no country code and gives undefined, as does anything not 7 to 15 digits long.
 */
export function e164PhoneNumber(spoken: string | undefined): string | undefined {
  const text = (spoken ?? '').normalize('NFKC').trim();
  if (!/^[+\d\s().\-/]+$/.test(text)) return undefined;
  let digits = text.replace(/\D/g, '');
  if (!text.startsWith('+')) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    else if (digits.startsWith('0')) return undefined;
  }
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : undefined;
}
