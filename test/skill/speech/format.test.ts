import assert from 'node:assert/strict';
import { countryName, currencyName, formatList, formatMoney, SpeechContext, spokenDate } from '../../../src/skill/speech/format';

/**
 * ICU puts no-break spaces (U+00A0, U+202F) in "50 €" and "9:00 AM"; a voice reads them as
 * spaces, so compare what is heard, not which space character carries it.
 */
const heard = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

function listener(locale: string, timeZone: string, nowIso: string): SpeechContext {
  return { locale, timeZone, now: new Date(nowIso) };
}

describe('unit: speech/format', () => {
  describe('formatMoney: integer minor units become the amount a listener hears', () => {
    const cases: Array<[locale: string, amountMinor: number, currency: string, spoken: string]> = [
      ['en-US', 5000, 'EUR', '€50'],
      ['en-US', 123456, 'USD', '$1,234.56'],
      ['en-US', 500, 'JPY', '¥500'],
      ['en-US', 5000, 'CNY', 'CN¥50'],
      ['en-US', 9999, 'MXN', 'MX$99.99'],
      ['en-GB', 123456, 'USD', 'US$1,234.56'],
      ['en-GB', 5000, 'EUR', '€50'],
      ['en-GB', 1234567, 'JPY', 'JP¥1,234,567'],
      ['en-IN', 12345678, 'USD', '$1,23,456.78'],
      ['en-IN', 1234567, 'JPY', 'JP¥12,34,567'],
      ['de-DE', 5000, 'EUR', '50 €'],
      ['de-DE', 123456, 'USD', '1.234,56 $'],
      ['de-DE', 1050, 'EUR', '10,50 €'],
      ['de-DE', 500, 'JPY', '500 ¥'],
      ['es-MX', 9999, 'MXN', '$99.99'],
      ['es-MX', 123456, 'USD', 'USD 1,234.56'],
      ['es-MX', 5000, 'EUR', 'EUR 50'],
      ['fr-CA', 123456, 'USD', '1 234,56 $ US'],
      ['fr-CA', 5000, 'EUR', '50 €'],
      ['fr-CA', 9999, 'MXN', '99,99 MXN'],
      ['ja-JP', 500, 'JPY', '￥500'],
      ['ja-JP', 1234567, 'JPY', '￥1,234,567'],
      ['ja-JP', 123456, 'USD', '$1,234.56'],
      ['zh-CN', 5000, 'CNY', '¥50'],
      ['zh-CN', 12345, 'CNY', '¥123.45'],
      ['zh-CN', 123456, 'USD', 'US$1,234.56'],
    ];
    for (const [locale, amountMinor, currency, spoken] of cases) {
      it(`${locale}: ${amountMinor} ${currency} minor units is "${spoken}"`, () => {
        assert.equal(heard(formatMoney(amountMinor, currency, locale)), spoken);
      });
    }

    it('says whole amounts without ".00" but keeps both decimals once there are cents', () => {
      assert.equal(formatMoney(5000, 'USD', 'en-US'), '$50');
      assert.equal(formatMoney(5001, 'USD', 'en-US'), '$50.01');
      assert.equal(formatMoney(5010, 'USD', 'en-US'), '$50.10');
      assert.equal(heard(formatMoney(5010, 'EUR', 'de-DE')), '50,10 €');
    });

    it('treats yen as having no minor unit: 500 is ¥500, never ¥5', () => {
      assert.equal(formatMoney(500, 'JPY', 'en-US'), '¥500');
      assert.equal(formatMoney(1, 'JPY', 'en-US'), '¥1');
    });
  });

  describe('currencyName and countryName', () => {
    it('names currencies in the listener’s language', () => {
      assert.equal(currencyName('USD', 'en-US'), 'US Dollar');
      assert.equal(currencyName('EUR', 'de-DE'), 'Euro');
      assert.equal(currencyName('JPY', 'ja-JP'), '日本円');
    });

    it('falls back to the code itself for unknown or malformed currencies instead of throwing', () => {
      assert.equal(currencyName('XYZ', 'en-US'), 'XYZ');
      assert.equal(currencyName('usd1', 'en-US'), 'usd1');
      assert.equal(currencyName('', 'en-US'), '');
      assert.equal(currencyName('USD', 'not a locale!'), 'USD');
    });

    it('names countries in the listener’s language, whatever the case of the code', () => {
      assert.equal(countryName('gb', 'en-US'), 'United Kingdom');
      assert.equal(countryName('GB', 'fr-CA'), 'Royaume-Uni');
      assert.equal(countryName('DE', 'de-DE'), 'Deutschland');
      assert.equal(countryName('JP', 'zh-CN'), '日本');
    });

    it('falls back to the code itself for unknown or malformed countries instead of throwing', () => {
      assert.equal(countryName('QQ', 'en-US'), 'QQ');
      assert.equal(countryName('ABCD', 'en-US'), 'ABCD');
      assert.equal(countryName('', 'en-US'), '');
      assert.equal(countryName('FR', 'not a locale!'), 'FR');
    });
  });

  describe('formatList', () => {
    it('joins amounts the way each language does', () => {
      assert.equal(formatList(['$12', '€50', '¥500'], 'en-US'), '$12, €50, and ¥500');
      assert.equal(formatList(['$12', '€50', '¥500'], 'en-GB'), '$12, €50 and ¥500');
      assert.equal(formatList(['12 $', '50 €'], 'de-DE'), '12 $ und 50 €');
      assert.equal(formatList(['$12', '€50', '¥500'], 'zh-CN'), '$12、€50和¥500');
    });

    it('says a single item on its own', () => {
      assert.equal(formatList(['€50'], 'en-US'), '€50');
    });
  });

  describe('spokenDate', () => {
    const now = '2026-11-27T14:00:00Z'; // Friday 09:00 in New York

    it('says "today", "yesterday" and "3 days ago" within the last week', () => {
      const newYork = listener('en-US', 'America/New_York', now);
      assert.deepEqual(spokenDate('2026-11-27T13:05:00Z', newYork), { kind: 'relative', day: 'today', time: '8:05 AM' });
      assert.deepEqual(spokenDate('2026-11-26T18:30:00Z', newYork), { kind: 'relative', day: 'yesterday', time: '1:30 PM' });
      const threeDays = spokenDate('2026-11-24T15:00:00Z', newYork);
      assert.deepEqual({ ...threeDays, time: heard(threeDays.time) }, { kind: 'relative', day: '3 days ago', time: '10:00 AM' });
    });

    it('uses relative words in the listener’s language', () => {
      assert.equal(spokenDate('2026-11-26T08:05:00Z', listener('de-DE', 'Europe/Berlin', now)).day, 'gestern');
      assert.equal(spokenDate('2026-11-25T08:05:00Z', listener('de-DE', 'Europe/Berlin', now)).day, 'vorgestern');
      assert.equal(spokenDate('2026-11-26T08:05:00Z', listener('fr-CA', 'America/Toronto', now)).day, 'hier');
      assert.equal(spokenDate('2026-11-26T08:05:00Z', listener('ja-JP', 'Asia/Tokyo', now)).day, '昨日');
    });

    it('switches to a calendar date from 7 days back', () => {
      const newYork = listener('en-US', 'America/New_York', now);
      assert.equal(spokenDate('2026-11-21T15:00:00Z', newYork).day, '6 days ago');
      const weekAgo = spokenDate('2026-11-20T15:00:00Z', newYork);
      assert.deepEqual({ ...weekAgo, time: heard(weekAgo.time) }, { kind: 'absolute', day: 'November 20', time: '10:00 AM' });
    });

    it('names the year only when it differs from this year', () => {
      const january = '2026-01-05T14:00:00Z';
      assert.equal(spokenDate('2026-01-05T14:00:00Z', listener('en-US', 'America/New_York', '2026-11-27T14:00:00Z')).day, 'January 5');
      assert.equal(spokenDate('2025-12-20T15:00:00Z', listener('en-US', 'America/New_York', january)).day, 'December 20, 2025');
      assert.equal(spokenDate('2025-12-20T15:00:00Z', listener('de-DE', 'Europe/Berlin', january)).day, '20. Dezember 2025');
    });

    it('decides the year in the listener’s zone: New Year in Tokyo is still last year in New York', () => {
      const instant = '2025-12-31T16:00:00Z'; // Jan 1, 01:00 in Tokyo; Dec 31, 11:00 in New York
      const tenDaysLater = '2026-01-10T12:00:00Z';
      assert.equal(spokenDate(instant, listener('en-US', 'Asia/Tokyo', tenDaysLater)).day, 'January 1');
      assert.equal(spokenDate(instant, listener('en-US', 'America/New_York', tenDaysLater)).day, 'December 31, 2025');
    });

    it('counts days in the listener’s zone: today in Tokyo is yesterday in New York', () => {
      const instant = '2026-11-27T00:00:00Z'; // 09:00 Nov 27 in Tokyo, 19:00 Nov 26 in New York
      const tokyo = spokenDate(instant, listener('en-US', 'Asia/Tokyo', now));
      const newYork = spokenDate(instant, listener('en-US', 'America/New_York', now));
      assert.deepEqual({ ...tokyo, time: heard(tokyo.time) }, { kind: 'relative', day: 'today', time: '9:00 AM' });
      assert.deepEqual({ ...newYork, time: heard(newYork.time) }, { kind: 'relative', day: 'yesterday', time: '7:00 PM' });
    });

    it('never says "tomorrow" for a booking time slightly ahead of the clock', () => {
      const ahead = spokenDate('2026-11-28T15:00:00Z', listener('en-US', 'America/New_York', now));
      assert.equal(ahead.kind, 'absolute');
      assert.equal(ahead.day, 'November 28');
    });

    describe('on daylight-saving change days', () => {
      it('America/New_York spring forward (23-hour day): 00:15 is today at 23:30, 23:45 the night before is yesterday', () => {
        const lateThatNight = listener('en-US', 'America/New_York', '2026-03-09T03:30:00Z'); // Mar 8, 23:30 EDT
        const justAfterMidnight = spokenDate('2026-03-08T05:15:00Z', lateThatNight); // Mar 8, 00:15 EST
        const nightBefore = spokenDate('2026-03-08T04:45:00Z', lateThatNight); // Mar 7, 23:45 EST
        assert.deepEqual([justAfterMidnight.day, heard(justAfterMidnight.time)], ['today', '12:15 AM']);
        assert.deepEqual([nightBefore.day, heard(nightBefore.time)], ['yesterday', '11:45 PM']);
      });

      it('America/New_York fall back (25-hour day): 24.5 hours apart is still today', () => {
        const lateThatNight = listener('en-US', 'America/New_York', '2026-11-02T04:45:00Z'); // Nov 1, 23:45 EST
        const justAfterMidnight = spokenDate('2026-11-01T04:15:00Z', lateThatNight); // Nov 1, 00:15 EDT
        const nightBefore = spokenDate('2026-11-01T03:45:00Z', lateThatNight); // Oct 31, 23:45 EDT
        assert.deepEqual([justAfterMidnight.day, heard(justAfterMidnight.time)], ['today', '12:15 AM']);
        assert.deepEqual([nightBefore.day, heard(nightBefore.time)], ['yesterday', '11:45 PM']);
      });

      it('Europe/Berlin spring forward: heute um 0:15, gestern um 23:45', () => {
        const lateThatNight = listener('de-DE', 'Europe/Berlin', '2026-03-29T21:45:00Z'); // Mar 29, 23:45 CEST
        assert.deepEqual(spokenDate('2026-03-28T23:15:00Z', lateThatNight), { kind: 'relative', day: 'heute', time: '0:15' });
        assert.deepEqual(spokenDate('2026-03-28T22:45:00Z', lateThatNight), { kind: 'relative', day: 'gestern', time: '23:45' });
      });

      it('Europe/Berlin fall back: 24.5 hours apart is still heute, and both 2:30s read as 2:30', () => {
        const lateThatNight = listener('de-DE', 'Europe/Berlin', '2026-10-25T22:45:00Z'); // Oct 25, 23:45 CET
        assert.deepEqual(spokenDate('2026-10-24T22:15:00Z', lateThatNight), { kind: 'relative', day: 'heute', time: '0:15' });
        assert.deepEqual(spokenDate('2026-10-24T21:45:00Z', lateThatNight), { kind: 'relative', day: 'gestern', time: '23:45' });
        assert.equal(spokenDate('2026-10-25T00:30:00Z', lateThatNight).time, '2:30'); // 02:30 CEST
        assert.equal(spokenDate('2026-10-25T01:30:00Z', lateThatNight).time, '2:30'); // 02:30 CET
      });
    });
  });
});
