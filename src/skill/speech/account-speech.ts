/**
 * What the skill says about balances and transactions, built from locale keys.
 * Framework-free: handlers pass in the translate function of the current request.
 */
import type { Balance, Transaction } from '../../shared/contract/api';
import { countryName, currencyName, formatList, formatMoney, SpeechContext, spokenDate, spokenDayAhead } from './format';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function spokenWhen(instantIso: string, context: SpeechContext, t: Translate): string {
  const date = spokenDate(instantIso, context);
  return t(date.kind === 'relative' ? 'dates.relative' : 'dates.absolute', { day: date.day, time: date.time });
}

/** A time ahead, such as when a delayed transfer arrives: "today at 5:40 PM", "tomorrow at...". */
export function spokenAhead(instantIso: string, context: SpeechContext, t: Translate): string {
  const { when, day, time } = spokenDayAhead(instantIso, context);
  return t(`dates.ahead.${when}`, { day, time });
}

function balanceAmounts(balances: Balance[], locale: string): string {
  return formatList(
    balances.map((balance) => formatMoney(balance.availableMinor, balance.currency, locale)),
    locale,
  );
}

function pendingNote(balances: Balance[], locale: string, t: Translate): string[] {
  return balances
    .filter((balance) => balance.pendingMinor > 0)
    .map((balance) => t('balance.pending', { amount: formatMoney(balance.pendingMinor, balance.currency, locale) }));
}

/** `balances` is what the user holds; `requestedCurrency` what they asked about, if anything. */
export function describeBalances(balances: Balance[], requestedCurrency: string | undefined, locale: string, t: Translate): string {
  if (balances.length === 0) return t('balance.empty');
  if (requestedCurrency) {
    const match = balances.find((balance) => balance.currency === requestedCurrency);
    if (!match) {
      return t('balance.noSuchCurrency', {
        currencyName: currencyName(requestedCurrency, locale),
        list: balanceAmounts(balances, locale),
      });
    }
    const sentence = t('balance.currency', {
      currencyName: currencyName(match.currency, locale),
      amount: formatMoney(match.availableMinor, match.currency, locale),
    });
    return [sentence, ...pendingNote([match], locale, t)].join(' ');
  }
  const sentence =
    balances.length === 1
      ? t('balance.single', { amount: formatMoney(balances[0].availableMinor, balances[0].currency, locale) })
      : t('balance.several', { list: balanceAmounts(balances, locale) });
  return [sentence, ...pendingNote(balances, locale, t)].join(' ');
}

function transactionParams(transaction: Transaction, context: SpeechContext, t: Translate) {
  return {
    amount: formatMoney(transaction.amountMinor, transaction.currency, context.locale),
    counterparty: transaction.counterparty,
    when: spokenWhen(transaction.bookedAt, context, t),
  };
}

/** One transaction as one sentence of a list; a delayed transfer says when it arrives. */
export function transactionListItem(transaction: Transaction, context: SpeechContext, t: Translate): string {
  const params = transactionParams(transaction, context, t);
  if (transaction.arrivesAt) return t('transactions.item.arriving', { ...params, arrival: spokenAhead(transaction.arrivesAt, context, t) });
  return t(`transactions.item.${transaction.direction}.${transaction.status}`, params);
}

/** After a list with a transfer still waiting to arrive: how to stop it. */
export function cancelHint(transactions: Transaction[], t: Translate): string[] {
  return transactions.some((transaction) => transaction.arrivesAt) ? [t('transactions.howToCancel')] : [];
}

const KINDS_WITH_OWN_WORDS = new Set(['top_up', 'refund', 'withdrawal', 'exchange']);

/** Everything about one transaction: what, when, where, the note, and its status. */
export function transactionDetail(transaction: Transaction, context: SpeechContext, t: Translate): string {
  const key = KINDS_WITH_OWN_WORDS.has(transaction.kind) ? transaction.kind : transaction.direction;
  const sentences = [t(`transactions.detail.${key}`, transactionParams(transaction, context, t))];
  if (transaction.country) {
    const country = countryName(transaction.country, context.locale);
    sentences.push(transaction.city ? t('transactions.place', { city: transaction.city, country }) : t('transactions.placeCountry', { country }));
  }
  if (transaction.memo) sentences.push(t('transactions.memo', { memo: transaction.memo }));
  if (transaction.arrivesAt) {
    sentences.push(t('transactions.arriving', { arrival: spokenAhead(transaction.arrivesAt, context, t) }), t('transactions.howToCancel'));
  } else if (transaction.status !== 'completed') {
    sentences.push(t(`transactions.status.${transaction.status}`));
  }
  return sentences.join(' ');
}
