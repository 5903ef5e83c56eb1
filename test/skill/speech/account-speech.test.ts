import assert from 'node:assert/strict';
import type { Balance, Transaction } from '../../../src/shared/contract/api';
import { i18nConfig, speechI18n } from '../../../src/skill/i18n';
import { describeBalances, transactionDetail, transactionListItem, Translate } from '../../../src/skill/speech/account-speech';
import type { SpeechContext } from '../../../src/skill/speech/format';
import { speechToText } from '../../../src/skill/speech/ssml';

/** The real locale files and escaping settings, as the app and test/support/skill.ts use them. */
const translator = speechI18n();

function translateIn(locale: string): Translate {
  return (key, params) => String(translator.t(key, { ...params, lng: locale }));
}

/** No-break spaces from Intl are heard as spaces. */
const heard = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const USD: Balance = { currency: 'USD', availableMinor: 123456, pendingMinor: 0 };
const EUR: Balance = { currency: 'EUR', availableMinor: 5000, pendingMinor: 0 };

/** A Londoner asking on Friday 27 November 2026 at 10:00. */
const london: SpeechContext = { locale: 'en-GB', timeZone: 'Europe/London', now: new Date('2026-11-27T10:00:00Z') };

const hostilePayment: Transaction = {
  id: 't-hostile',
  bookedAt: '2026-11-26T14:00:00Z',
  direction: 'debit',
  status: 'pending',
  amountMinor: 8999,
  currency: 'GBP',
  kind: 'card_payment',
  counterparty: 'Marks & Spencer <script>',
  city: 'London',
  country: 'GB',
  memo: `it's "ok"`,
};

describe('unit: speech/account-speech', () => {
  before(() => translator.init({ ...i18nConfig(), initImmediate: false }));

  describe('describeBalances', () => {
    const en = translateIn('en-US');

    it('says the one balance a user holds', () => {
      assert.equal(describeBalances([USD], undefined, 'en-US', en), 'Your balance is $1,234.56.');
    });

    it('lists several balances in one sentence', () => {
      assert.equal(describeBalances([USD, EUR], undefined, 'en-US', en), 'You have $1,234.56 and €50 in your wallet.');
    });

    it('answers only the currency asked about when the user holds it', () => {
      const pendingDollars = { ...USD, pendingMinor: 250 };
      assert.equal(describeBalances([pendingDollars, EUR], 'EUR', 'en-US', en), 'Your Euro balance is €50.');
    });

    it('says the asked-for currency is missing and lists what the user does hold', () => {
      assert.equal(describeBalances([USD, EUR], 'JPY', 'en-US', en), 'You have no balance in Japanese Yen. You have $1,234.56 and €50.');
    });

    it('adds a pending note only for balances with money still pending', () => {
      assert.equal(describeBalances([{ ...USD, pendingMinor: 250 }], undefined, 'en-US', en), 'Your balance is $1,234.56. $2.50 of that is still pending.');
      assert.equal(
        describeBalances([USD, { ...EUR, pendingMinor: 1000 }], undefined, 'en-US', en),
        'You have $1,234.56 and €50 in your wallet. €10 of that is still pending.',
      );
      assert.equal(describeBalances([USD, { ...EUR, pendingMinor: 1000 }], 'EUR', 'en-US', en), 'Your Euro balance is €50. €10 of that is still pending.');
    });

    it('tells a user with an empty wallet how to top it up', () => {
      assert.equal(describeBalances([], undefined, 'en-US', en), 'Your wallet has no balance yet. You can top it up in the CareVoice app.');
    });

    it('speaks German amounts to a German user', () => {
      assert.equal(
        heard(describeBalances([{ ...USD, pendingMinor: 250 }], undefined, 'de-DE', translateIn('de-DE'))),
        'Ihr Guthaben beträgt 1.234,56 $. Davon sind 2,50 $ noch ausstehend.',
      );
    });
  });

  describe('transactionListItem', () => {
    const en = translateIn('en-GB');

    it('reads one line per transaction: amount, who, when and status', () => {
      const transferFromBruno: Transaction = {
        id: 't-2',
        bookedAt: '2026-11-24T09:30:00Z',
        direction: 'credit',
        status: 'completed',
        amountMinor: 20000,
        currency: 'GBP',
        kind: 'transfer',
        counterparty: 'Bruno Keller',
      };
      assert.equal(transactionListItem(transferFromBruno, london, en), '£200 from Bruno Keller, 3 days ago at 9:30.');
    });

    it('says a calendar date for a payment more than a week old', () => {
      const older: Transaction = { ...hostilePayment, counterparty: 'Air France', status: 'completed', bookedAt: '2026-11-10T14:00:00Z' };
      assert.equal(transactionListItem(older, london, en), '£89.99 to Air France, on 10 November at 14:00.');
    });

    it('escapes a hostile merchant name: the user hears it, Alexa never sees a tag', () => {
      const ssml = transactionListItem(hostilePayment, london, en);
      assert.equal(ssml, '£89.99 to Marks &amp; Spencer &lt;script&gt;, yesterday at 14:00, still pending.');
      assert.equal(speechToText(ssml), '£89.99 to Marks & Spencer <script>, yesterday at 14:00, still pending.');
    });
  });

  describe('transactionDetail', () => {
    const en = translateIn('en-GB');

    it('tells what, to whom, when, where, the note and the status, every value escaped', () => {
      assert.equal(
        transactionDetail(hostilePayment, london, en),
        'You paid £89.99 to Marks &amp; Spencer &lt;script&gt; yesterday at 14:00. It was in London, United Kingdom. ' +
          "The note says: it&apos;s &quot;ok&quot;. It's still pending.",
      );
    });

    it('uses the words of the kind of transaction and skips what is not known', () => {
      const refund: Transaction = {
        id: 't-r',
        bookedAt: '2026-11-26T14:00:00Z',
        direction: 'credit',
        status: 'completed',
        amountMinor: 1200,
        currency: 'GBP',
        kind: 'refund',
        counterparty: 'Amazon',
        country: 'FR',
      };
      assert.equal(transactionDetail(refund, london, en), 'Amazon refunded £12 to you yesterday at 14:00. It was in France.');
    });

    it('es-MX: a sentence ending on "p.m." ends once, not "p.m.."', () => {
      const evening: Transaction = {
        id: 't-pm',
        bookedAt: '2026-11-26T00:40:00Z',
        direction: 'debit',
        status: 'completed',
        amountMinor: 4500,
        currency: 'MXN',
        kind: 'card_payment',
        counterparty: 'Oxxo',
      };
      const mexico = { locale: 'es-MX', timeZone: 'America/Mexico_City', now: new Date('2026-11-27T12:00:00Z') };
      const speech = heard(transactionDetail(evening, mexico, translateIn('es-MX')));
      assert.match(speech, /6:40 p\.m\./);
      assert.doesNotMatch(speech, /\.\./, speech);
    });

    for (const locale of ['en-US', 'en-GB', 'de-DE', 'es-MX', 'fr-CA', 'ja-JP', 'zh-CN']) {
      it(`${locale}: "Marks & Spencer <script>" reaches the SSML as entities, never as a tag`, () => {
        const context = { ...london, locale };
        for (const ssml of [
          transactionDetail(hostilePayment, context, translateIn(locale)),
          transactionListItem(hostilePayment, context, translateIn(locale)),
        ]) {
          assert.ok(ssml.includes('Marks &amp; Spencer &lt;script&gt;'), ssml);
          assert.doesNotMatch(ssml, /<script/);
          // No markup at all, and every & starts an entity.
          assert.doesNotMatch(ssml, /[<>]|&(?!(amp|lt|gt|quot|apos);)/, ssml);
          assert.ok(speechToText(ssml).includes('Marks & Spencer <script>'), ssml);
        }
      });
    }
  });
});
