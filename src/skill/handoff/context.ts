/**
 * What a person taking over needs to know, gathered turn by turn so that nobody asks the user
 * again: the intents of the conversation, the user's last words (shortened, numbers masked) and
 * the topic. Framework-free: the skill records turns into session data with `recordTurn`.
 */
import type { HandoffContext, HandoffReason, HandoffTopic } from '../../shared/contract/api';
import { UNPAIRED_SURROGATE } from '../../shared/text';

export const MAX_INTENTS = 12;
export const MAX_UTTERANCES = 3;
export const MAX_UTTERANCE_LENGTH = 120;

/** Kept in session data between turns. */
export interface ConversationHistory {
  /** Turns recorded so far: a question asked at turn n is answered at turn n + 1, not later. */
  turns?: number;
  intents: string[];
  utterances: string[];
  /** A topic a component knows for sure (e.g. the suggestion the user accepted). */
  topic?: HandoffTopic;
  summary?: string;
}

export interface Turn {
  intent?: string;
  text?: string;
}

/** Control characters and unpaired surrogates: typed into the web console, they would make the ticket unstorable. */
const NOT_PLAIN_TEXT = new RegExp(`\\p{Cc}|${UNPAIRED_SURROGATE.source}`, 'gu');

/**
 * The user's words as an agent may read them: one line, at most MAX_UTTERANCE_LENGTH characters,
 * every run of three or more digits masked (a voice code, a card or an account number is never kept).
 */
export function summariseUtterance(text: string): string | undefined {
  const oneLine = text
    .replace(NOT_PLAIN_TEXT, ' ')
    .replace(/\d[\d\s-]{1,}\d/g, (run) => (run.replace(/\D/g, '').length >= 3 ? '***' : run))
    .replace(/\s+/g, ' ')
    .trim();
  if (oneLine.length === 0) return undefined;
  return oneLine.length <= MAX_UTTERANCE_LENGTH ? oneLine : `${oneLine.slice(0, MAX_UTTERANCE_LENGTH - 1).trimEnd()}…`;
}

/** Adds a turn to the history (which may not exist yet); the oldest entries drop out. */
export function recordTurn(history: ConversationHistory | undefined, turn: Turn): ConversationHistory {
  const next: ConversationHistory = {
    turns: history?.turns ?? 0,
    intents: [...(history?.intents ?? [])],
    utterances: [...(history?.utterances ?? [])],
  };
  if (history?.topic) next.topic = history.topic;
  if (history?.summary) next.summary = history.summary;
  if (turn.intent !== undefined || turn.text !== undefined) next.turns = (next.turns ?? 0) + 1;
  if (turn.intent && /^[A-Za-z0-9_.]{1,64}$/.test(turn.intent)) next.intents.push(turn.intent);
  const utterance = turn.text === undefined ? undefined : summariseUtterance(turn.text);
  if (utterance) next.utterances.push(utterance);
  next.intents = next.intents.slice(-MAX_INTENTS);
  next.utterances = next.utterances.slice(-MAX_UTTERANCES);
  return next;
}

/** The topic an intent points to; undefined for intents that say nothing about it (help, yes, fallback...). */
const TOPIC_OF_INTENT: Readonly<Record<string, HandoffTopic>> = {
  BalanceIntent: 'balance',
  RecentTransactionsIntent: 'transactions',
  TransactionDetailIntent: 'transactions',
  ReportFraudIntent: 'fraud',
  DescribeScamIntent: 'fraud',
  NoTransactionIntent: 'fraud',
  FraudReportStatusIntent: 'fraud',
  VerifyContactIntent: 'fraud',
  FreezeAccountIntent: 'account',
  UnfreezeAccountIntent: 'account',
  DelayedArrivalIntent: 'account',
  TrustedContactIntent: 'account',
  VoiceCodeIntent: 'account',
  FaqIntent: 'faq',
};

/** The topic a component set, else the one of the latest intent that has one, else "general". */
export function detectTopic(history: ConversationHistory | undefined): HandoffTopic {
  if (history?.topic) return history.topic;
  for (const intent of [...(history?.intents ?? [])].reverse()) {
    const topic = TOPIC_OF_INTENT[intent];
    if (topic) return topic;
  }
  return 'general';
}

/** The context a ticket carries, in the contract's shape. */
export function handoffContext(
  history: ConversationHistory | undefined,
  language: string,
  extra: { emotion?: HandoffContext['emotion']; reason?: HandoffReason } = {},
): HandoffContext {
  return {
    intents: (history?.intents ?? []).slice(-MAX_INTENTS),
    utterances: (history?.utterances ?? []).slice(-MAX_UTTERANCES),
    topic: extra.reason === 'fraud' ? 'fraud' : detectTopic(history),
    language,
    ...(extra.emotion ? { emotion: extra.emotion } : {}),
    ...(history?.summary ? { summary: history.summary } : {}),
  };
}
