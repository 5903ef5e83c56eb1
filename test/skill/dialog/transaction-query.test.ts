import assert from 'node:assert/strict';
import { DEFAULT_SPOKEN_COUNT, MAX_SPOKEN_COUNT, pickByPosition, rangeOfDate, rangeOfDuration, spokenCount } from '../../../src/skill/dialog/transaction-query';

const SHANGHAI = 'Asia/Shanghai'; // UTC+8 all year
const LOS_ANGELES = 'America/Los_Angeles'; // UTC-8, UTC-7 in summer

describe('unit: services/transaction-query', () => {
  describe('spokenCount: how many transactions are read out', () => {
    it('reads 3 when the user gave no number', () => {
      assert.equal(DEFAULT_SPOKEN_COUNT, 3);
      assert.equal(spokenCount(undefined), 3);
      assert.equal(spokenCount(''), 3);
    });

    it('reads as many as asked, up to 10', () => {
      assert.equal(MAX_SPOKEN_COUNT, 10);
      assert.equal(spokenCount('1'), 1);
      assert.equal(spokenCount('5'), 5);
      assert.equal(spokenCount('10'), 10);
      assert.equal(spokenCount('11'), 10);
      assert.equal(spokenCount('250'), 10);
    });

    it('falls back to 3 for a number that makes no sense', () => {
      for (const garbage of ['0', '-2', 'lots', '?', 'NaN', 'Infinity']) {
        assert.equal(spokenCount(garbage), 3, garbage);
      }
    });
  });

  describe('rangeOfDate: an AMAZON.DATE value as whole days in the user’s zone', () => {
    it('a day starts at local midnight: 16:00 UTC the day before in Shanghai, 08:00 UTC in Los Angeles', () => {
      assert.deepEqual(rangeOfDate('2026-11-27', SHANGHAI), { from: '2026-11-26T16:00:00.000Z', to: '2026-11-27T15:59:59.999Z' });
      assert.deepEqual(rangeOfDate('2026-11-27', LOS_ANGELES), { from: '2026-11-27T08:00:00.000Z', to: '2026-11-28T07:59:59.999Z' });
    });

    it('an ISO week runs Monday to Sunday: 2026-W48 is 23 to 29 November', () => {
      assert.deepEqual(rangeOfDate('2026-W48', LOS_ANGELES), { from: '2026-11-23T08:00:00.000Z', to: '2026-11-30T07:59:59.999Z' });
      assert.deepEqual(rangeOfDate('2026-W48', SHANGHAI), { from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T15:59:59.999Z' });
    });

    it('ISO weeks that straddle New Year start on the right Monday', () => {
      // 1 January 2026 is a Thursday, so week 1 starts on Monday 29 December 2025.
      assert.deepEqual(rangeOfDate('2026-W01', SHANGHAI), { from: '2025-12-28T16:00:00.000Z', to: '2026-01-04T15:59:59.999Z' });
      // 2020 has 53 ISO weeks; the last one ends on Sunday 3 January 2021.
      assert.deepEqual(rangeOfDate('2020-W53', SHANGHAI), { from: '2020-12-27T16:00:00.000Z', to: '2021-01-03T15:59:59.999Z' });
    });

    it('a weekend (2026-W48-WE) is Saturday 28 and Sunday 29 November', () => {
      assert.deepEqual(rangeOfDate('2026-W48-WE', LOS_ANGELES), { from: '2026-11-28T08:00:00.000Z', to: '2026-11-30T07:59:59.999Z' });
      assert.deepEqual(rangeOfDate('2026-W48-WE', SHANGHAI), { from: '2026-11-27T16:00:00.000Z', to: '2026-11-29T15:59:59.999Z' });
    });

    it('a month runs from its first local midnight to its last local millisecond, across a DST change', () => {
      // 1 November 00:00 is still summer time (UTC-7) in Los Angeles; 1 December is winter time.
      assert.deepEqual(rangeOfDate('2026-11', LOS_ANGELES), { from: '2026-11-01T07:00:00.000Z', to: '2026-12-01T07:59:59.999Z' });
      assert.deepEqual(rangeOfDate('2026-03', LOS_ANGELES), { from: '2026-03-01T08:00:00.000Z', to: '2026-04-01T06:59:59.999Z' });
      assert.deepEqual(rangeOfDate('2026-11', SHANGHAI), { from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T15:59:59.999Z' });
    });

    it('February ends on the 29th in leap years only', () => {
      assert.equal(rangeOfDate('2024-02', SHANGHAI)?.to, '2024-02-29T15:59:59.999Z');
      assert.equal(rangeOfDate('2026-02', SHANGHAI)?.to, '2026-02-28T15:59:59.999Z');
      assert.equal(rangeOfDate('2000-02', SHANGHAI)?.to, '2000-02-29T15:59:59.999Z');
      assert.equal(rangeOfDate('2100-02', SHANGHAI)?.to, '2100-02-28T15:59:59.999Z');
    });

    it('a year is 1 January to 31 December in the user’s zone', () => {
      assert.deepEqual(rangeOfDate('2026', SHANGHAI), { from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T15:59:59.999Z' });
      assert.deepEqual(rangeOfDate('2026', LOS_ANGELES), { from: '2026-01-01T08:00:00.000Z', to: '2027-01-01T07:59:59.999Z' });
    });

    it('gives no range, rather than a wrong one, for values it does not understand', () => {
      for (const value of ['PRESENT_REF', '2020-XX', '201X', '2026-WI', 'XXXX-11-27', '2026-11-27T10:00', 'next week', '']) {
        assert.equal(rangeOfDate(value, SHANGHAI), undefined, value);
      }
    });

    it('gives no range for impossible months and days instead of throwing or rolling over', () => {
      for (const value of ['2026-13', '2026-00', '2026-13-45', '2026-02-30', '2026-W00', '2026-W54']) {
        assert.equal(rangeOfDate(value, SHANGHAI), undefined, value);
      }
    });

    it('starts a day at its first real instant where the clocks skip midnight', () => {
      assert.deepEqual(rangeOfDate('2026-09-06', 'America/Santiago'), { from: '2026-09-06T04:00:00.000Z', to: '2026-09-07T02:59:59.999Z' });
    });
  });

  describe('rangeOfDuration: "the last 7 days" as a range ending now', () => {
    const now = new Date('2026-11-27T10:00:00.000Z');
    const until = (from: string) => ({ from, to: '2026-11-27T10:00:00.000Z' });

    it('goes back days, weeks, months and hours from now', () => {
      assert.deepEqual(rangeOfDuration('P7D', now), until('2026-11-20T10:00:00.000Z'));
      assert.deepEqual(rangeOfDuration('P2W', now), until('2026-11-13T10:00:00.000Z'));
      assert.deepEqual(rangeOfDuration('P1M', now), until('2026-10-27T10:00:00.000Z'));
      assert.deepEqual(rangeOfDuration('P1Y', now), until('2025-11-27T10:00:00.000Z'));
      assert.deepEqual(rangeOfDuration('PT5H', now), until('2026-11-27T05:00:00.000Z'));
      assert.deepEqual(rangeOfDuration('PT30M', now), until('2026-11-27T09:30:00.000Z'));
      assert.deepEqual(rangeOfDuration('P1DT12H', now), until('2026-11-25T22:00:00.000Z'));
    });

    it('gives no range for something that is not a duration', () => {
      for (const garbage of ['P', 'PT', 'P1DT', '7 days', 'p7d', 'P1.5D', '', 'P-7D']) {
        assert.equal(rangeOfDuration(garbage, now), undefined, garbage);
      }
    });

    it('"the past month" on 31 March reaches back to the end of February', () => {
      const endOfMarch = new Date('2026-03-31T12:00:00.000Z');
      assert.deepEqual(rangeOfDuration('P1M', endOfMarch), { from: '2026-02-28T12:00:00.000Z', to: '2026-03-31T12:00:00.000Z' });
    });
  });

  describe('pickByPosition: "the second one"', () => {
    const listed = ['Starbucks', 'Marks & Spencer', 'Air France'];

    it('counts from one, as people do', () => {
      assert.equal(pickByPosition(listed, 1), 'Starbucks');
      assert.equal(pickByPosition(listed, 2), 'Marks & Spencer');
      assert.equal(pickByPosition(listed, 3), 'Air France');
    });

    it('finds nothing past the end, at zero, below zero or between positions', () => {
      for (const position of [4, 0, -1, 1.5, Number.NaN]) {
        assert.equal(pickByPosition(listed, position), undefined, String(position));
      }
      assert.equal(pickByPosition([], 1), undefined);
    });
  });
});
