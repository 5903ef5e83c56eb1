import assert from 'node:assert/strict';
import type { Transaction, VerifyContactResult } from '../../../src/shared/contract/api';
import { hasHints, reportableMatches, spokenReference } from '../../../src/skill/dialog/fraud-report';
import { delayedArrivalAction, delayHours, e164PhoneNumber } from '../../../src/skill/dialog/safety-settings';
import { contactAnswer, contactQuestion, phoneText, scamTypeOfContact } from '../../../src/skill/dialog/verify-contact';
import { formatDay } from '../../../src/skill/speech/format';

const heard = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const NOW = Date.parse('2026-11-28T12:00:00Z');
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * 3_600_000).toISOString();

function payment(id: string, hoursAgo: number, amountMinor: number, counterparty: string, extra: Partial<Transaction> = {}): Transaction {
  return {
    id,
    bookedAt: at(hoursAgo),
    direction: 'debit',
    status: 'completed',
    amountMinor,
    currency: 'USD',
    kind: 'transfer',
    counterparty,
    ...extra,
  };
}

const LEDGER: Transaction[] = [
  payment('p1', 1, 450, 'Starbucks', { kind: 'card_payment' }),
  payment('p2', 3, 5000, 'Li Wei', { status: 'failed' }),
  { ...payment('p3', 5, 20000, 'Bruno Keller'), direction: 'credit' },
  payment('p3c', 8, 180000, 'Star Task Hub', { status: 'cancelled' }),
  payment('p4', 30, 5000, 'Li Na'),
  payment('p5', 50, 5020, 'Ant Wealth Helper'),
];

describe('unit: services for fraud reports and protection', () => {
  describe('reportableMatches: which payment a fraud report is about', () => {
    it('"the last one" is the latest money that left the wallet, never a failed payment, a cancelled transfer or money in', () => {
      assert.deepEqual(
        reportableMatches(LEDGER, { position: 1 }, 'UTC').map((t) => t.id),
        ['p1'],
      );
      assert.deepEqual(
        reportableMatches(LEDGER, { position: 2 }, 'UTC').map((t) => t.id),
        ['p4'],
      );
      assert.deepEqual(reportableMatches(LEDGER, { position: 9 }, 'UTC'), []);
    });

    it('an amount matches within a unit, so "fifty dollars" finds $50.00 and $50.20, newest first', () => {
      assert.deepEqual(
        reportableMatches(LEDGER, { amount: '50' }, 'UTC').map((t) => t.id),
        ['p4', 'p5'],
      );
      assert.deepEqual(
        reportableMatches(LEDGER, { amount: '4,50' }, 'UTC').map((t) => t.id),
        ['p1'],
      );
    });

    it('a payee matches by part of its name, ignoring case', () => {
      assert.deepEqual(
        reportableMatches(LEDGER, { payee: 'li' }, 'UTC').map((t) => t.id),
        ['p4'],
      );
      assert.deepEqual(
        reportableMatches(LEDGER, { payee: 'ant wealth' }, 'UTC').map((t) => t.id),
        ['p5'],
      );
    });

    it('a day is a calendar day in the user time zone', () => {
      // p4 was booked at 06:00 UTC on 27 November: still the 26th in Los Angeles.
      assert.deepEqual(
        reportableMatches(LEDGER, { date: '2026-11-27', amount: '50' }, 'UTC').map((t) => t.id),
        ['p4'],
      );
      assert.deepEqual(
        reportableMatches(LEDGER, { date: '2026-11-26', amount: '50' }, 'America/Los_Angeles').map((t) => t.id),
        ['p4', 'p5'],
      );
    });

    it('hasHints tells "report fraud" from "report the payment to Li Na"', () => {
      assert.equal(hasHints({}), false);
      assert.equal(hasHints({ payee: 'Li Na' }), true);
      assert.equal(hasHints({ position: 1 }), true);
    });
  });

  describe('spokenReference: the digits of a spoken or typed reference', () => {
    it('takes digits with spaces, dashes and full-width forms', () => {
      assert.equal(spokenReference('3141 5920'), '31415920');
      assert.equal(spokenReference('31-41-59-20'), '31415920');
      assert.equal(spokenReference('３１４１５９２０'), '31415920');
    });

    it('gives nothing for words or an empty slot', () => {
      assert.equal(spokenReference(undefined), undefined);
      assert.equal(spokenReference('?'), undefined);
      assert.equal(spokenReference('my latest'), undefined);
    });
  });

  describe('verify-contact: what to check and what to answer', () => {
    it('a story the model recognised as one we never tell needs no lookup', () => {
      assert.deepEqual(contactQuestion({ story: 'move my money to a safe account', storyId: 'safe_account' }), {
        kind: 'story',
        story: 'safe_account',
      });
      assert.deepEqual(contactQuestion({ storyId: 'refund_fee', phone: '95188' }), { kind: 'story', story: 'refund_fee' });
    });

    it('a number keeps its + and loses spaces; an app keeps its name; other words become a phrase', () => {
      assert.deepEqual(contactQuestion({ phone: '+86 95188' }), { kind: 'phone', value: '+8695188' });
      assert.deepEqual(contactQuestion({ appName: ' Ant Wealth Helper ' }), { kind: 'app', value: 'Ant Wealth Helper' });
      assert.deepEqual(contactQuestion({ story: 'pay for the parcel' }), { kind: 'phrase', value: 'pay for the parcel' });
      assert.equal(contactQuestion({}), undefined);
      assert.equal(contactQuestion({ phone: '12' }), undefined);
      assert.equal(phoneText('９５１８８'), '95188');
    });

    it('maps the verdict to the answer, naming the number as the registry writes it', () => {
      const official: VerifyContactResult = { verdict: 'official', kind: 'phone', matched: '95188', advice: 'official_channel' };
      assert.deepEqual(contactAnswer({ kind: 'phone', value: '+8695188' }, official), { key: 'officialPhone', value: '95188' });
      const scamApp: VerifyContactResult = { verdict: 'known_scam', kind: 'app', matched: 'Ant Wealth Helper', advice: 'delete_app' };
      assert.deepEqual(contactAnswer({ kind: 'app', value: 'ant wealth helper' }, scamApp), { key: 'scamApp', value: 'Ant Wealth Helper' });
      const unknown: VerifyContactResult = { verdict: 'unknown', kind: 'phone', advice: 'check_with_official_number' };
      assert.deepEqual(contactAnswer({ kind: 'phone', value: '5550100' }, unknown), { key: 'unknownPhone', value: '5550100' });
    });

    it('a scam phrase is always told as a scam story; an unknown one is not', () => {
      const story: VerifyContactResult = { verdict: 'known_scam', kind: 'phrase', story: 'refund_fee', advice: 'stop_and_report' };
      assert.deepEqual(contactAnswer({ kind: 'phrase', value: 'pay a fee for my refund' }, story), {
        key: 'scamStory',
        story: 'refund_fee',
      });
      const unknown: VerifyContactResult = { verdict: 'unknown', kind: 'phrase', advice: 'check_with_official_number' };
      assert.deepEqual(contactAnswer({ kind: 'phrase', value: 'hello' }, unknown), { key: 'unknownStory' });
    });

    it('a report after a scam check starts with the right scam type', () => {
      assert.equal(scamTypeOfContact({ kind: 'app', value: 'x' }), 'fake_app');
      assert.equal(scamTypeOfContact({ kind: 'story', story: 'refund_fee' }), 'refund_scam');
      assert.equal(scamTypeOfContact({ kind: 'story', story: 'safe_account' }), 'impersonation');
      assert.equal(scamTypeOfContact({ kind: 'phone', value: '1234567' }), 'impersonation');
    });
  });

  describe('safety settings: delayed arrival and the trusted contact number', () => {
    const off = { enabled: false, hours: 24 as const };

    it('only 2 or 24 hours are a delay', () => {
      assert.equal(delayHours('2'), 2);
      assert.equal(delayHours('24'), 24);
      assert.equal(delayHours('２４'), 24);
      for (const other of ['3', '12', '48', '', 'two', undefined]) assert.equal(delayHours(other), undefined, String(other));
    });

    it('naming a delay turns it on; "on" alone asks which; "off" keeps the choice for later', () => {
      assert.deepEqual(delayedArrivalAction(off, undefined, '2'), { kind: 'save', delayedArrival: { enabled: true, hours: 2 } });
      assert.deepEqual(delayedArrivalAction(off, 'on', '24'), { kind: 'save', delayedArrival: { enabled: true, hours: 24 } });
      assert.deepEqual(delayedArrivalAction(off, 'on', undefined), { kind: 'askHours' });
      assert.deepEqual(delayedArrivalAction({ enabled: true, hours: 2 }, 'off', undefined), {
        kind: 'save',
        delayedArrival: { enabled: false, hours: 2 },
      });
      assert.deepEqual(delayedArrivalAction(off, undefined, undefined), { kind: 'explain' });
      assert.deepEqual(delayedArrivalAction(off, 'on', '5'), { kind: 'badHours' });
    });

    it('a phone number becomes E.164 only with its country code', () => {
      assert.equal(e164PhoneNumber('+49 151 1234 5678'), '+4915112345678');
      assert.equal(e164PhoneNumber('0049 151 12345678'), '+4915112345678');
      assert.equal(e164PhoneNumber('4915112345678'), '+4915112345678');
      assert.equal(e164PhoneNumber('0151 12345678'), undefined, 'a national number has no country code');
      assert.equal(e164PhoneNumber('12345'), undefined);
      assert.equal(e164PhoneNumber('+49 151 abc'), undefined);
      assert.equal(e164PhoneNumber(undefined), undefined);
    });
  });

  describe('formatDay: a calendar day as a listener hears it', () => {
    const context = (locale: string, timeZone = 'Asia/Tokyo') => ({ locale, timeZone, now: new Date(NOW) });

    it('says the weekday and the date, without the year in the current year', () => {
      assert.equal(heard(formatDay('2026-12-01', context('en-US'))), 'Tuesday, December 1');
      assert.equal(heard(formatDay('2026-12-01', context('de-DE'))), 'Dienstag, 1. Dezember');
      assert.equal(heard(formatDay('2026-12-01', context('fr-FR'))), 'mardi 1 décembre');
      assert.equal(heard(formatDay('2026-12-01', context('ja-JP'))), '12月1日火曜日');
    });

    it('never shifts the day, whatever the time zone', () => {
      for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
        assert.equal(heard(formatDay('2026-12-01', context('en-US', timeZone))), 'Tuesday, December 1', timeZone);
      }
    });

    it('adds the year when it is another one in the user time zone', () => {
      assert.equal(heard(formatDay('2027-01-04', context('en-GB'))), 'Monday, 4 January 2027');
      // 28 November 2026 noon UTC is still 2026 everywhere: a December 2026 day needs no year.
      assert.equal(heard(formatDay('2026-12-31', context('es-ES', 'Pacific/Kiritimati'))), 'jueves, 31 de diciembre');
    });
  });
});
