/**
 * The user's own data in an FAQ answer: asked "why is my top-up still pending?", the user first
 * hears about the top-up itself ("Your top-up of 50 € yesterday at 3:05 PM is still pending.")
 * and then the general answer. Framework-free: the caller fetches the transactions and passes
 * the translate function of the current request.
 */
import type { Transaction, TransactionDirection, TransactionKind, TransactionStatus } from '../../shared/contract/api';
import { spokenWhen, Translate } from '../speech/account-speech';
import { formatMoney, SpeechContext } from '../speech/format';

/** Which of the user's transactions a topic is about, and the sentence (locale key) that tells it. */
export interface PersonalMatch {
  status: TransactionStatus;
  kind: TransactionKind;
  direction: TransactionDirection;
  key: string;
}

const pendingTopUp: PersonalMatch = { status: 'pending', kind: 'top_up', direction: 'credit', key: 'faq.personal.pendingTopUp' };
const failedTopUp: PersonalMatch = { status: 'failed', kind: 'top_up', direction: 'credit', key: 'faq.personal.failedTopUp' };
const pendingTransfer: PersonalMatch = { status: 'pending', kind: 'transfer', direction: 'debit', key: 'faq.personal.pendingTransfer' };
const failedTransfer: PersonalMatch = { status: 'failed', kind: 'transfer', direction: 'debit', key: 'faq.personal.failedTransfer' };
const pendingCardPayment: PersonalMatch = {
  status: 'pending',
  kind: 'card_payment',
  direction: 'debit',
  key: 'faq.personal.pendingCardPayment',
};
const declinedCardPayment: PersonalMatch = {
  status: 'failed',
  kind: 'card_payment',
  direction: 'debit',
  key: 'faq.personal.declinedCardPayment',
};
const pendingWithdrawal: PersonalMatch = {
  status: 'pending',
  kind: 'withdrawal',
  direction: 'debit',
  key: 'faq.personal.pendingWithdrawal',
};
const declinedWithdrawal: PersonalMatch = {
  status: 'failed',
  kind: 'withdrawal',
  direction: 'debit',
  key: 'faq.personal.declinedWithdrawal',
};
const pendingRefund: PersonalMatch = { status: 'pending', kind: 'refund', direction: 'credit', key: 'faq.personal.pendingRefund' };

/** Banking77 topics whose answer starts with the user's own matching transaction, if there is one. */
export const PERSONAL_MATCHES: Readonly<Record<string, PersonalMatch>> = {
  pending_top_up: pendingTopUp,
  balance_not_updated_after_bank_transfer: pendingTopUp,
  top_up_failed: failedTopUp,
  pending_transfer: pendingTransfer,
  transfer_timing: pendingTransfer,
  transfer_not_received_by_recipient: pendingTransfer,
  failed_transfer: failedTransfer,
  declined_transfer: failedTransfer,
  pending_card_payment: pendingCardPayment,
  declined_card_payment: declinedCardPayment,
  pending_cash_withdrawal: pendingWithdrawal,
  declined_cash_withdrawal: declinedWithdrawal,
  Refund_not_showing_up: pendingRefund,
};

/** Older items are not what the user is asking about now. */
export const PERSONAL_LOOKBACK_DAYS = 14;
/** Enough of the newest items with the wanted status to find the latest of the wanted kind. */
export const PERSONAL_FETCH_LIMIT = 20;

const DAY_MS = 86_400_000;

/** What to ask the backend for, or undefined when the topic's answer is the same for everyone. */
export function personalMatchFor(topic: string): PersonalMatch | undefined {
  return Object.prototype.hasOwnProperty.call(PERSONAL_MATCHES, topic) ? PERSONAL_MATCHES[topic] : undefined;
}

/** The newest transaction the topic is about, within the lookback window. `transactions` are newest first. */
export function findPersonalTransaction(topic: string, transactions: Transaction[], now: Date): Transaction | undefined {
  const match = personalMatchFor(topic);
  if (!match) return undefined;
  const since = now.getTime() - PERSONAL_LOOKBACK_DAYS * DAY_MS;
  return transactions.find(
    (transaction) =>
      transaction.status === match.status &&
      transaction.kind === match.kind &&
      transaction.direction === match.direction &&
      Date.parse(transaction.bookedAt) >= since,
  );
}

/** One sentence about the user's own transaction, to say before the general answer; undefined if none matches. */
export function personalNote(topic: string, transactions: Transaction[], context: SpeechContext, t: Translate): string | undefined {
  const match = personalMatchFor(topic);
  const transaction = findPersonalTransaction(topic, transactions, context.now);
  if (!match || !transaction) return undefined;
  return t(match.key, {
    amount: formatMoney(transaction.amountMinor, transaction.currency, context.locale),
    counterparty: transaction.counterparty,
    when: spokenWhen(transaction.bookedAt, context, t),
  });
}
