/**
 * What a typed turn means, decided from the understanding model's readings (framework-free):
 * act on a reading the model is sure enough of, offer the two likeliest when it is torn between
 * two, and otherwise say plainly what the skill can do rather than guess.
 */
import type { Reading } from './understanding';

/**
 * The model's probabilities are calibrated (temperatures fitted on a hold-out of each language's
 * examples): at `act` the reading is more likely right than all the others together, and two
 * readings holding 0.6 together with the second at least 0.2 are a real choice between two.
 */
export const READING_THRESHOLDS = { act: 0.5, pair: 0.6, second: 0.2 } as const;

/**
 * Intents that only answer a dialogue's question, and what the same words ask for at the top of
 * a conversation: "a man pretended to be the bank" describes a scam (to the fraud report's "what
 * happened?") and, out of the blue, reports one.
 */
const AT_THE_TOP: Readonly<Record<string, string>> = {
  DescribeScamIntent: 'ReportFraudIntent',
  TalkToPersonIntent: 'HumanAgentIntent',
  'AMAZON.CancelIntent': 'AMAZON.StopIntent',
};

/** The readings of a turn at the top of a conversation: dialogue answers counted as what they ask for. */
export function readingsAtTheTop(readings: readonly Reading[]): Reading[] {
  const merged = new Map<string, number>();
  for (const { label, confidence } of readings) {
    const meant = AT_THE_TOP[label] ?? label;
    merged.set(meant, (merged.get(meant) ?? 0) + confidence);
  }
  return [...merged].map(([label, confidence]) => ({ label, confidence })).sort((a, b) => b.confidence - a.confidence);
}

/** The skill's own requests: each can be asked for at any point of a conversation. */
export const TOP_LEVEL_REQUESTS = [
  'BalanceIntent',
  'RecentTransactionsIntent',
  'TransactionDetailIntent',
  'ReportFraudIntent',
  'FraudReportStatusIntent',
  'FreezeAccountIntent',
  'UnfreezeAccountIntent',
  'VerifyContactIntent',
  'DelayedArrivalIntent',
  'TrustedContactIntent',
  'HumanAgentIntent',
] as const;

export type ReadingDecision = { kind: 'act'; reading: Reading } | { kind: 'choose'; readings: [Reading, Reading] } | { kind: 'notUnderstood' };

/**
 * `offerable`: readings the skill can put in words in a choice ("your balance", "a card that has
 * not arrived"); a "yes" or a voice code out of the blue is no reading to offer.
 */
export function decideReading(readings: readonly Reading[], offerable: (label: string) => boolean): ReadingDecision {
  const [first, second] = readings;
  if (!first) return { kind: 'notUnderstood' };
  if (first.confidence >= READING_THRESHOLDS.act) return { kind: 'act', reading: first };
  if (
    second &&
    second.confidence >= READING_THRESHOLDS.second &&
    first.confidence + second.confidence >= READING_THRESHOLDS.pair &&
    offerable(first.label) &&
    offerable(second.label)
  ) {
    return { kind: 'choose', readings: [first, second] };
  }
  return { kind: 'notUnderstood' };
}

/**
 * After "do you mean A or B?": the reading the user picked by position ("the second one") or by
 * saying it again in other words; undefined when the answer is something else.
 */
export function pickedReading(offered: readonly string[], ordinal: number | undefined, answerReadings: readonly Reading[]): string | undefined {
  if (ordinal !== undefined) return offered[ordinal - 1];
  const top = answerReadings[0];
  return top && offered.includes(top.label) ? top.label : undefined;
}

/** One item of Jovo's component state stack, as the session stores it. */
export interface StateStackItem {
  component: string;
  data?: Record<string, unknown>;
}

/**
 * Whether the conversation waits for a specific answer: a sub-dialog was delegated to (the voice
 * code: the stack holds the asking component under it), or the current component keeps a
 * dialogue's state in its data (a question asked, a draft, a choice offered). A component that
 * only answered and forgot leaves nothing behind, and the next turn is free.
 */
export function isDialogueOpen(stack: readonly StateStackItem[] | undefined): boolean {
  if (!stack || stack.length === 0) return false;
  if (stack.length > 1) return true;
  return Object.values(stack[0].data ?? {}).some(holdsSomething);
}

/** An empty object or list is a dialogue's state reset, not a question asked. */
function holdsSomething(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
