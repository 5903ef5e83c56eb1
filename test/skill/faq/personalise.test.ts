import assert from 'node:assert/strict';
import type { Transaction } from '../../../src/shared/contract/api';
import { findPersonalTransaction, PERSONAL_LOOKBACK_DAYS, PERSONAL_MATCHES, personalMatchFor, personalNote } from '../../../src/skill/faq/personalise';
import { i18nConfig, speechI18n } from '../../../src/skill/i18n';
import type { Translate } from '../../../src/skill/speech/account-speech';
import type { SpeechContext } from '../../../src/skill/speech/format';
import { speechToText } from '../../../src/skill/speech/ssml';

const translator = speechI18n();
void translator.init({ ...i18nConfig(), initImmediate: false });

function translateIn(locale: string): Translate {
  return (key, params) => String(translator.t(key, { ...params, lng: locale }));
}

/** No-break spaces from Intl are heard as spaces. */
const heard = (text: string | undefined) => speechToText(text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** Asked on Friday 27 November 2026 at 15:00 UTC. */
const NOW = new Date('2026-11-27T15:00:00Z');
const london: SpeechContext = { locale: 'en-GB', timeZone: 'Europe/London', now: NOW };

function tx(overrides: Partial<Transaction>): Transaction {
  return {
    id: `t-${Math.random().toString(36).slice(2)}`,
    bookedAt: '2026-11-26T09:30:00Z',
    direction: 'debit',
    status: 'completed',
    amountMinor: 5000,
    currency: 'EUR',
    kind: 'card_payment',
    counterparty: 'Marks & Spencer',
    ...overrides,
  };
}

const pendingTopUp = tx({ kind: 'top_up', direction: 'credit', status: 'pending', counterparty: 'Visa 4242' });
const declinedPayment = tx({ status: 'failed', amountMinor: 8999, bookedAt: '2026-11-27T08:15:00Z' });
const pendingTransfer = tx({ kind: 'transfer', status: 'pending', amountMinor: 12000, counterparty: 'Bruno Keller' });

describe('common questions: the user’s own data in the answer', () => {
  it('knows which topics can be personalised, and only real Banking77 topics', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const topics = require('../../../resources/banking77/categories.json') as string[];
    for (const topic of Object.keys(PERSONAL_MATCHES)) assert.ok(topics.includes(topic), topic);
    assert.equal(personalMatchFor('pending_top_up')?.kind, 'top_up');
    assert.equal(personalMatchFor('declined_card_payment')?.status, 'failed');
    assert.equal(personalMatchFor('exchange_rate'), undefined);
    assert.equal(personalMatchFor('toString'), undefined);
  });

  it('tells a pending top-up with its amount and day, before the general answer', () => {
    const note = personalNote('pending_top_up', [declinedPayment, pendingTopUp], london, translateIn('en-GB'));
    assert.equal(heard(note), 'Your top-up of €50 yesterday at 9:30 is still pending.');
  });

  it('tells a declined card payment with the merchant, escaped for speech', () => {
    const note = personalNote('declined_card_payment', [pendingTopUp, declinedPayment], london, translateIn('en-GB'));
    assert.match(note ?? '', /Marks &amp; Spencer/);
    assert.equal(heard(note), 'Your card payment of €89.99 at Marks & Spencer today at 8:15 was declined.');
  });

  it('tells a pending transfer in the user’s language', () => {
    const madrid: SpeechContext = { locale: 'es-ES', timeZone: 'Europe/Madrid', now: NOW };
    const note = personalNote('pending_transfer', [pendingTransfer], madrid, translateIn('es-ES'));
    assert.equal(heard(note), 'Tu transferencia de 120 € a Bruno Keller ayer a las 10:30 todavía está pendiente.');
  });

  it('picks the newest matching item of the right kind, status and direction', () => {
    const older = tx({ kind: 'top_up', direction: 'credit', status: 'pending', bookedAt: '2026-11-20T09:00:00Z', amountMinor: 1 });
    const completedTopUp = tx({ kind: 'top_up', direction: 'credit', status: 'completed', bookedAt: '2026-11-27T12:00:00Z' });
    const found = findPersonalTransaction('pending_top_up', [completedTopUp, declinedPayment, pendingTopUp, older], NOW);
    assert.equal(found, pendingTopUp);
    assert.equal(findPersonalTransaction('pending_transfer', [tx({ kind: 'transfer', direction: 'credit', status: 'pending' })], NOW), undefined);
  });

  it('says nothing personal when nothing matches, the item is too old, or the topic is general', () => {
    const old = tx({
      kind: 'top_up',
      direction: 'credit',
      status: 'pending',
      bookedAt: new Date(NOW.getTime() - (PERSONAL_LOOKBACK_DAYS + 1) * 86_400_000).toISOString(),
    });
    const t = translateIn('en-GB');
    assert.equal(personalNote('pending_top_up', [], london, t), undefined);
    assert.equal(personalNote('pending_top_up', [old, declinedPayment], london, t), undefined);
    assert.equal(personalNote('exchange_rate', [pendingTopUp, declinedPayment], london, t), undefined);
  });
});
