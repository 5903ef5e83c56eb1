/**
 * Guessing what the user is calling about, from their recent transactions and open alerts: a
 * payment that failed this morning, a top-up still pending, a transfer held for their safety.
 * Framework-free: the skill passes what the backend returned and speaks the winner.
 */
import type { Alert, Transaction } from '../../shared/contract/api';

export const SuggestionKinds = [
  'held_transfer',
  'failed_payment',
  'failed_transfer',
  'failed_top_up',
  'pending_top_up',
  'refund_in_progress',
  'pending_payment',
] as const;
export type SuggestionKind = (typeof SuggestionKinds)[number];

/** The money movement a suggestion is about (a ledger transaction, or the one of a held transfer). */
export interface SuggestionSubject {
  transactionId: string;
  amountMinor: number;
  currency: string;
  counterparty: string;
  at: string;
}

export interface Suggestion {
  kind: SuggestionKind;
  subject: SuggestionSubject;
  score: number;
  /** The Banking77 topic of the FAQ that explains this kind of event. */
  faqTopic: string;
}

const HOUR_MS = 3_600_000;

/** How much each kind matters, and how long after the event it is still worth asking about. */
const RULES: Readonly<Record<SuggestionKind, { weight: number; maxAgeHours: number; faqTopic: string }>> = {
  held_transfer: { weight: 100, maxAgeHours: Number.POSITIVE_INFINITY, faqTopic: 'pending_transfer' },
  failed_payment: { weight: 80, maxAgeHours: 72, faqTopic: 'declined_card_payment' },
  failed_transfer: { weight: 80, maxAgeHours: 72, faqTopic: 'failed_transfer' },
  failed_top_up: { weight: 80, maxAgeHours: 72, faqTopic: 'top_up_failed' },
  pending_top_up: { weight: 70, maxAgeHours: 7 * 24, faqTopic: 'pending_top_up' },
  refund_in_progress: { weight: 55, maxAgeHours: 14 * 24, faqTopic: 'Refund_not_showing_up' },
  pending_payment: { weight: 40, maxAgeHours: 72, faqTopic: 'pending_card_payment' },
};

/** Points lost per hour of age, and the most an event can lose: recent beats old, but kind beats age. */
const DECAY_PER_HOUR = 1 / 3;
const MAX_DECAY = 24;

/** What kind of concern a transaction may be, if any: none when it went through, was refunded or the user cancelled it. */
export function kindOfTransaction(transaction: Transaction): SuggestionKind | undefined {
  const { kind, status, direction } = transaction;
  if (status === 'failed') {
    if (kind === 'top_up') return 'failed_top_up';
    if (kind === 'transfer' && direction === 'debit') return 'failed_transfer';
    if (direction === 'debit' && (kind === 'card_payment' || kind === 'withdrawal')) return 'failed_payment';
    return undefined;
  }
  if (status === 'pending') {
    if (kind === 'top_up') return 'pending_top_up';
    if (kind === 'refund') return 'refund_in_progress';
    if (kind === 'card_payment' && direction === 'debit') return 'pending_payment';
    // A pending outgoing transfer is a held one: its alert says so (see `rankSuggestions`).
    if (kind === 'transfer' && direction === 'debit') return 'held_transfer';
  }
  return undefined;
}

function subjectOf(transaction: Transaction): SuggestionSubject {
  return {
    transactionId: transaction.id,
    amountMinor: transaction.amountMinor,
    currency: transaction.currency,
    counterparty: transaction.counterparty,
    at: transaction.bookedAt,
  };
}

function alertSubject(alert: Alert): SuggestionSubject {
  const { transfer } = alert;
  return {
    transactionId: transfer.transactionId,
    amountMinor: transfer.amountMinor,
    currency: transfer.currency,
    counterparty: transfer.payee.name,
    at: transfer.createdAt,
  };
}

function scored(kind: SuggestionKind, subject: SuggestionSubject, now: Date): Suggestion | undefined {
  const rule = RULES[kind];
  const ageHours = Math.max(0, (now.getTime() - Date.parse(subject.at)) / HOUR_MS);
  if (Number.isNaN(ageHours) || ageHours > rule.maxAgeHours) return undefined;
  const score = rule.weight - Math.min(MAX_DECAY, ageHours * DECAY_PER_HOUR);
  return { kind, subject, score: Math.round(score * 100) / 100, faqTopic: rule.faqTopic };
}

export interface SuggestionInput {
  /** Recent transactions, any order. */
  transactions: readonly Transaction[];
  /** Open alerts (held transfers); absent when they could not be read. */
  alerts?: readonly Alert[];
  now: Date;
}

/**
 * Every concern worth raising, most likely first (ties: the newer first). Each money movement
 * appears once: a held transfer's alert and its pending ledger entry are the same event.
 */
export function rankSuggestions({ transactions, alerts = [], now }: SuggestionInput): Suggestion[] {
  const byTransaction = new Map<string, Suggestion>();
  const consider = (suggestion: Suggestion | undefined) => {
    if (!suggestion) return;
    const earlier = byTransaction.get(suggestion.subject.transactionId);
    if (!earlier || suggestion.score > earlier.score) byTransaction.set(suggestion.subject.transactionId, suggestion);
  };
  for (const alert of alerts) {
    if (alert.status === 'open' || alert.status === 'escalated') consider(scored('held_transfer', alertSubject(alert), now));
  }
  for (const transaction of transactions) {
    const kind = kindOfTransaction(transaction);
    if (kind) consider(scored(kind, subjectOf(transaction), now));
  }
  return [...byTransaction.values()].sort((a, b) => b.score - a.score || Date.parse(b.subject.at) - Date.parse(a.subject.at));
}

/** The one concern to offer, if any. */
export function topSuggestion(input: SuggestionInput): Suggestion | undefined {
  return rankSuggestions(input)[0];
}
