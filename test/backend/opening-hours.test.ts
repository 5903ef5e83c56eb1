import assert from 'node:assert/strict';
import {
  AGENT_HOURS,
  deskFor,
  expectedCallbackAt,
  isDeskOpen,
  nextOpening,
  parseAgentHours,
  type CallbackQuestion,
} from '../../src/backend/handoff/opening-hours';
import hoursFile from '../../src/backend/handoff/agent-hours.json';
import { LANGUAGES } from '../../src/shared/languages';
import { spokenDayAhead, type SpeechContext } from '../../src/skill/speech/format';
import { localMinuteOfDay, localTimeToInstant, weekdayOf } from '../../src/shared/time/local-time';

/** ICU puts no-break spaces in "8:00 AM": compare what is heard. */
const heard = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

/** The shipped file with other desks or rules, to test one rule at a time. */
function hoursWith(changes: Record<string, unknown>) {
  return parseAgentHours({ ...hoursFile, ...changes });
}

const WEEKDAYS_ONLY = { mon: '08:00-20:00', tue: '08:00-20:00', wed: '08:00-20:00', thu: '08:00-20:00', fri: '08:00-20:00' };
const newYorkWeekdays = () => deskFor(hoursWith({ desks: { ...hoursFile.desks, en: { timeZone: 'America/New_York', hours: WEEKDAYS_ONLY } } }), 'en-US');

describe('unit: agent hours and call back times', () => {
  describe('local wall clock of a time zone', () => {
    it('turns a wall-clock time into an instant, across daylight saving changes', () => {
      assert.equal(iso(localTimeToInstant('2026-11-30', 8 * 60, 'America/New_York')), '2026-11-30T13:00:00.000Z');
      assert.equal(iso(localTimeToInstant('2026-03-08', 8 * 60, 'America/New_York')), '2026-03-08T12:00:00.000Z', 'spring forward day');
      assert.equal(iso(localTimeToInstant('2026-11-01', 8 * 60, 'America/New_York')), '2026-11-01T13:00:00.000Z', 'fall back day');
      assert.equal(iso(localTimeToInstant('2026-03-29', 8 * 60, 'Europe/Berlin')), '2026-03-29T06:00:00.000Z');
      assert.equal(iso(localTimeToInstant('2026-11-30', 9 * 60, 'Asia/Tokyo')), '2026-11-30T00:00:00.000Z');
    });

    it('reads a skipped time as after the jump, a doubled one as the first, and 24:00 as the next midnight', () => {
      assert.equal(iso(localTimeToInstant('2026-03-08', 2 * 60 + 30, 'America/New_York')), '2026-03-08T07:30:00.000Z'); // 03:30 EDT
      assert.equal(iso(localTimeToInstant('2026-11-01', 60 + 30, 'America/New_York')), '2026-11-01T05:30:00.000Z'); // 01:30 EDT
      assert.equal(iso(localTimeToInstant('2026-03-08', 24 * 60, 'America/New_York')), '2026-03-09T04:00:00.000Z');
    });

    it('tells the minute of the day and the day of the week', () => {
      assert.equal(localMinuteOfDay(at('2026-11-28T02:00:00Z'), 'America/New_York'), 21 * 60);
      assert.equal(localMinuteOfDay(at('2026-11-28T02:00:00Z'), 'Europe/Berlin'), 3 * 60);
      assert.equal(weekdayOf('2026-11-27'), 5);
      assert.equal(weekdayOf('2026-11-29'), 0);
    });
  });

  describe('the shipped hours file', () => {
    it('has a desk for every language of the skill, with fraud answered around the clock', () => {
      assert.deepEqual(Object.keys(AGENT_HOURS.desks).sort(), [...LANGUAGES].sort());
      assert.ok(AGENT_HOURS.roundTheClock.topics.includes('fraud'));
      assert.ok(AGENT_HOURS.roundTheClock.reasons.includes('fraud'));
      assert.equal(AGENT_HOURS.desks.en.timeZone, 'America/New_York');
      assert.deepEqual(AGENT_HOURS.desks.en.hours.mon, { open: 8 * 60, close: 20 * 60 });
      assert.equal(AGENT_HOURS.desks.en.hours.sun, undefined);
    });

    it('finds the desk of a language tag, and the default desk for a language without one', () => {
      assert.equal(deskFor(AGENT_HOURS, 'de-AT').timeZone, 'Europe/Berlin');
      assert.equal(deskFor(AGENT_HOURS, 'ja').timeZone, 'Asia/Tokyo');
      assert.equal(deskFor(AGENT_HOURS, 'it-IT').timeZone, AGENT_HOURS.desks.en.timeZone);
    });

    it('refuses a broken file, naming each problem', () => {
      const broken: Array<[Record<string, unknown>, RegExp]> = [
        [{ desks: { ...hoursFile.desks, de: { timeZone: 'Europe/Berlin', hours: { mon: '8-20' } } } }, /desks\.de\.hours\.mon: must be "HH:MM-HH:MM"/],
        [
          { desks: { ...hoursFile.desks, de: { timeZone: 'Europe/Berlin', hours: { mon: '20:00-08:00' } } } },
          /desks\.de\.hours\.mon: must close after it opens/,
        ],
        [{ desks: { ...hoursFile.desks, de: { timeZone: 'Europe/Berlinn', hours: WEEKDAYS_ONLY } } }, /desks\.de\.timeZone: must be an IANA time zone/],
        [{ desks: { ...hoursFile.desks, de: { timeZone: 'Europe/Berlin', hours: {} } } }, /desks\.de: must be open on at least one day/],
        [{ desks: { ...hoursFile.desks, de: undefined } }, /desks\.de: Required/],
        [{ roundTheClock: { topics: ['scams'], reasons: [] } }, /roundTheClock\.topics\.0/],
      ];
      for (const [changes, problem] of broken) assert.throws(() => hoursWith(changes), problem);
    });
  });

  describe('when a desk is open, and when it opens next', () => {
    it('is open from opening time until just before closing time', () => {
      const desk = newYorkWeekdays();
      assert.equal(isDeskOpen(desk, at('2026-11-25T13:00:00Z')), true, 'Wednesday 08:00');
      assert.equal(isDeskOpen(desk, at('2026-11-26T00:59:00Z')), true, 'Wednesday 19:59');
      assert.equal(isDeskOpen(desk, at('2026-11-26T01:00:00Z')), false, 'Wednesday 20:00');
      assert.equal(isDeskOpen(desk, at('2026-11-25T12:59:00Z')), false, 'Wednesday 07:59');
      assert.equal(isDeskOpen(desk, at('2026-11-28T15:00:00Z')), false, 'Saturday');
    });

    it('Friday 21:00 → Monday 08:00 for a desk open on weekdays', () => {
      assert.equal(iso(nextOpening(newYorkWeekdays(), at('2026-11-28T02:00:00Z'))), '2026-11-30T13:00:00.000Z');
    });

    it('answers at once while the desk is open, and later the same day before it opens', () => {
      const desk = newYorkWeekdays();
      assert.equal(iso(nextOpening(desk, at('2026-11-25T15:00:00Z'))), '2026-11-25T15:00:00.000Z');
      assert.equal(iso(nextOpening(desk, at('2026-11-25T08:00:00Z'))), '2026-11-25T13:00:00.000Z', '03:00 → 08:00');
    });

    it('keeps the desk’s wall-clock hours across daylight saving changes', () => {
      // Saturday evening before the US spring change → Monday 08:00 EDT (12:00 UTC, not 13:00).
      assert.equal(iso(nextOpening(AGENT_HOURS.desks.en, at('2026-03-07T23:00:00Z'))), '2026-03-09T12:00:00.000Z');
      // Saturday evening before the EU spring change → Monday 08:00 CEST.
      assert.equal(iso(nextOpening(AGENT_HOURS.desks.de, at('2026-03-28T17:00:00Z'))), '2026-03-30T06:00:00.000Z');
      // Saturday evening before the US fall change → Monday 08:00 EST.
      assert.equal(iso(nextOpening(AGENT_HOURS.desks.en, at('2026-10-31T21:30:00Z'))), '2026-11-02T13:00:00.000Z');
      // A desk open on Sundays, on the day the clocks jump.
      const sundays = deskFor(hoursWith({ desks: { ...hoursFile.desks, en: { timeZone: 'America/New_York', hours: { sun: '08:00-20:00' } } } }), 'en');
      assert.equal(iso(nextOpening(sundays, at('2026-03-08T06:00:00Z'))), '2026-03-08T12:00:00.000Z');
      assert.equal(isDeskOpen(sundays, at('2026-03-09T00:30:00Z')), false, '20:30 EDT');
      assert.equal(isDeskOpen(sundays, at('2026-03-08T23:30:00Z')), true, '19:30 EDT');
    });

    it('the shipped English desk opens on Saturday mornings, not on Sundays', () => {
      assert.equal(iso(nextOpening(AGENT_HOURS.desks.en, at('2026-11-28T02:00:00Z'))), '2026-11-28T14:00:00.000Z', 'Friday 21:00 → Saturday 09:00');
      assert.equal(iso(nextOpening(AGENT_HOURS.desks.en, at('2026-11-28T22:30:00Z'))), '2026-11-30T13:00:00.000Z', 'Saturday 17:30 → Monday 08:00');
      assert.equal(iso(nextOpening(AGENT_HOURS.desks.ja, at('2026-11-27T10:00:00Z'))), '2026-11-30T00:00:00.000Z', 'Tokyo Friday 19:00 → Monday 09:00');
    });
  });

  describe('expectedCallbackAt', () => {
    const question = (overrides: Partial<CallbackQuestion>): CallbackQuestion => ({
      now: at('2026-11-25T15:00:00Z'), // Wednesday 10:00 in New York
      queuePosition: 3,
      minutesPerTicket: 4,
      language: 'en-US',
      topic: 'card',
      reason: 'user_request',
      ...overrides,
    });

    it('inside the desk’s hours: now plus the wait of the place in the queue', () => {
      assert.equal(iso(expectedCallbackAt(AGENT_HOURS, question({}))), '2026-11-25T15:12:00.000Z');
    });

    it('outside: when the desk opens, after the call backs queued ahead', () => {
      const fridayNight = at('2026-11-28T02:00:00Z');
      assert.equal(iso(expectedCallbackAt(AGENT_HOURS, question({ now: fridayNight }))), '2026-11-28T14:08:00.000Z');
      assert.equal(iso(expectedCallbackAt(AGENT_HOURS, question({ now: fridayNight, queuePosition: 1 }))), '2026-11-28T14:00:00.000Z');
    });

    it('a wait that runs past closing time moves to the next opening', () => {
      const wednesday1958 = at('2026-11-26T00:58:00Z');
      assert.equal(iso(expectedCallbackAt(AGENT_HOURS, question({ now: wednesday1958, queuePosition: 1 }))), '2026-11-26T13:00:00.000Z');
    });

    it('uses the desk of the ticket’s language', () => {
      // 10:00 in New York is 16:00 in Berlin (open) and midnight in Tokyo (closed until 09:00 Thursday).
      assert.equal(iso(expectedCallbackAt(AGENT_HOURS, question({ language: 'de-DE' }))), '2026-11-25T15:12:00.000Z');
      assert.equal(iso(expectedCallbackAt(AGENT_HOURS, question({ language: 'ja-JP', queuePosition: 1 }))), '2026-11-26T00:00:00.000Z');
    });

    it('fraud is answered around the clock: at 3 am, now plus the wait', () => {
      const threeAm = at('2026-11-25T08:00:00Z');
      assert.equal(iso(expectedCallbackAt(AGENT_HOURS, question({ now: threeAm, topic: 'fraud', queuePosition: 2 }))), '2026-11-25T08:08:00.000Z');
      assert.equal(
        iso(expectedCallbackAt(AGENT_HOURS, question({ now: threeAm, reason: 'fraud', topic: 'general', queuePosition: 2 }))),
        '2026-11-25T08:08:00.000Z',
      );
      assert.equal(
        iso(expectedCallbackAt(AGENT_HOURS, question({ now: threeAm, queuePosition: 2 }))),
        '2026-11-25T13:04:00.000Z',
        'not fraud: 08:00 + one ahead',
      );
    });
  });

  describe('spokenDayAhead: a coming time as the listener hears it', () => {
    const listener = (locale: string, timeZone: string, now: string): SpeechContext => ({ locale, timeZone, now: at(now) });
    const spoken = (instant: string, context: SpeechContext) => {
      const parts = spokenDayAhead(instant, context);
      return { ...parts, time: heard(parts.time) };
    };
    const fridayMorning = '2026-11-27T14:00:00Z'; // 9:00 in New York, 15:00 in Berlin

    it('today, tomorrow, or the day by name, in the listener’s time zone', () => {
      const newYork = listener('en-US', 'America/New_York', fridayMorning);
      assert.deepEqual(spoken('2026-11-27T20:00:00Z', newYork), { when: 'today', day: 'Friday, November 27', time: '3:00 PM' });
      assert.deepEqual(spoken('2026-11-28T14:00:00Z', newYork), { when: 'tomorrow', day: 'Saturday, November 28', time: '9:00 AM' });
      assert.deepEqual(spoken('2026-11-30T13:00:00Z', newYork), { when: 'later', day: 'Monday, November 30', time: '8:00 AM' });
    });

    it('in other languages and zones: the New York desk’s Monday 8:00 is 14:00 in Berlin, 22:00 in Tokyo', () => {
      assert.deepEqual(spoken('2026-11-30T13:00:00Z', listener('de-DE', 'Europe/Berlin', fridayMorning)), {
        when: 'later',
        day: 'Montag, 30. November',
        time: '14:00',
      });
      assert.deepEqual(spoken('2026-11-30T13:00:00Z', listener('ja-JP', 'Asia/Tokyo', fridayMorning)), {
        when: 'later',
        day: '11月30日月曜日',
        time: '22:00',
      });
      // Late on Friday in Berlin, Saturday 15:00 there is tomorrow.
      assert.equal(spoken('2026-11-28T14:00:00Z', listener('fr-FR', 'Europe/Paris', '2026-11-27T22:30:00Z')).when, 'tomorrow');
    });
  });
});
