/**
 * What to do with a classified question: answer it, ask which of two close topics the user
 * means, or say plainly that it was not understood (and offer a person). Never an answer to a
 * question the user did not ask.
 */
import type { FaqClassification } from './classifier';
import { READING_THRESHOLDS } from '../nlu/routing';

export type FaqDecision = { kind: 'answer'; topic: string } | { kind: 'clarify'; topics: [string, string] } | { kind: 'notSure' };

/** The thresholds a typed turn is read with (src/skill/nlu/routing.ts), so that a topic the turn was routed to is answered. */
export const FAQ_THRESHOLDS = { answer: READING_THRESHOLDS.act, pair: READING_THRESHOLDS.pair, second: READING_THRESHOLDS.second } as const;

export function decideFaqReply(classification: FaqClassification): FaqDecision {
  if (classification.confidence >= FAQ_THRESHOLDS.answer) return { kind: 'answer', topic: classification.topic };
  const second = classification.alternatives[0];
  if (second && second.confidence >= FAQ_THRESHOLDS.second && classification.confidence + second.confidence >= FAQ_THRESHOLDS.pair) {
    return { kind: 'clarify', topics: [classification.topic, second.topic] };
  }
  return { kind: 'notSure' };
}
