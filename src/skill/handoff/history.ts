import type { Jovo } from '@jovotech/framework';
import { recordTurn, type ConversationHistory } from './context';

/** Session data key of the conversation's history, read when a ticket is opened. */
export const HANDOFF_HISTORY = 'handoffHistory';

/**
 * Registered as an app hook before the dialogue: records every turn's intent and words (shortened,
 * numbers masked), so the turn that asks for a person is part of the ticket's context.
 */
export function rememberForHandoff(jovo: Jovo): void {
  const intent = jovo.$input.getIntentName() ?? jovo.$input.type;
  const query = jovo.$entities.query?.value;
  const text = jovo.$input.text ?? (typeof query === 'string' ? query : undefined);
  jovo.$session.data[HANDOFF_HISTORY] = recordTurn(jovo.$session.data[HANDOFF_HISTORY] as ConversationHistory | undefined, {
    intent,
    text,
  });
}

/** The number of the current turn (1 for the first), to tell an answer to the last question from a later yes. */
export function currentTurn(jovo: Jovo): number {
  return (jovo.$session.data[HANDOFF_HISTORY] as ConversationHistory | undefined)?.turns ?? 0;
}

/** Lets a component name the topic it knows for sure (e.g. the suggestion the user accepted). */
export function noteHandoffTopic(jovo: Jovo, topic: ConversationHistory['topic'], summary?: string): void {
  const history = recordTurn(jovo.$session.data[HANDOFF_HISTORY] as ConversationHistory | undefined, {});
  jovo.$session.data[HANDOFF_HISTORY] = { ...history, topic, ...(summary ? { summary } : {}) };
}
