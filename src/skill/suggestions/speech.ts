/** The words of a suggestion, from locale keys (`suggestions.*`); handlers pass in the translate function. */
import type { Transaction } from '../../shared/contract/api';
import { spokenWhen, transactionDetail, type Translate } from '../speech/account-speech';
import { formatMoney, type SpeechContext } from '../speech/format';
import type { Suggestion } from './rank';

function subjectParams({ subject }: Suggestion, context: SpeechContext, t: Translate) {
  return {
    amount: formatMoney(subject.amountMinor, subject.currency, context.locale),
    counterparty: subject.counterparty,
    when: spokenWhen(subject.at, context, t),
  };
}

/** After the welcome: "By the way, are you calling about your payment of $89.99 at Marks & Spencer that was declined yesterday at 3:10 PM?" */
export function suggestionOffer(suggestion: Suggestion, context: SpeechContext, t: Translate): string {
  return t(`suggestions.offer.${suggestion.kind}`, subjectParams(suggestion, context, t));
}

/** Asked "anything I should know?": "Your payment of $89.99 at Marks & Spencer was declined yesterday at 3:10 PM. Would you like the details?" */
export function suggestionNoticed(suggestion: Suggestion, context: SpeechContext, t: Translate): string {
  return t(`suggestions.noticed.${suggestion.kind}`, subjectParams(suggestion, context, t));
}

/** After a yes: the transaction itself (when it could be read), then what this kind of event means and what to do. */
export function suggestionAnswer(suggestion: Suggestion, transaction: Transaction | undefined, context: SpeechContext, t: Translate): string {
  const sentences = transaction ? [transactionDetail(transaction, context, t)] : [];
  sentences.push(t(`suggestions.explain.${suggestion.kind}`));
  return sentences.join(' ');
}
