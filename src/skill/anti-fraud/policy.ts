/**
 * The safety rules of the "wake-up" dialogue about a held transfer, as a pure state machine so
 * that they can be proven by tests and simulation:
 * - money is never released in the turn of the first warning;
 * - releasing needs a second warning and then a second, explicit confirmation;
 * - a user who has been angry or insistent is offered a human agent before any release;
 * - "stop", silence or anything unclear leaves the transfer held;
 * - the user can cancel at any point.
 */
import type { Emotion } from '../../shared/contract/api';

export type UserMove = 'cancel' | 'proceed' | 'hold' | 'human' | 'yes' | 'no' | 'stop' | 'unclear';
export type Decision = 'cancel' | 'hold' | 'proceed' | 'escalate';

/** The question the last reply ended with: what a bare "yes" or "no" answers. */
export type OpenQuestion = 'cancelIt' | 'stillSend' | 'confirmSend' | 'human';

export interface DialogueState {
  warnings: number;
  humanOffered: boolean;
  question: OpenQuestion;
  emotions: Emotion[];
}

export type Step =
  | { kind: 'warn'; warning: 1 | 2 }
  | { kind: 'offerHuman' }
  | { kind: 'askConfirmation' }
  | { kind: 'clarify' }
  | { kind: 'decide'; decision: Decision; confirmedTwice: boolean };

const NEEDS_A_HUMAN: ReadonlySet<Emotion> = new Set(['angry', 'insistent']);

/** The alert is presented: the first warning, ending with "shall I cancel it?". */
export function openDialogue(): { state: DialogueState; step: Step } {
  return { state: { warnings: 1, humanOffered: false, question: 'cancelIt', emotions: [] }, step: { kind: 'warn', warning: 1 } };
}

function decide(state: DialogueState, decision: Decision, confirmedTwice = false) {
  return { state, step: { kind: 'decide', decision, confirmedTwice } as Step };
}

/** The next step towards sending: each call moves one safety gate further, never two. */
function towardsRelease(state: DialogueState): { state: DialogueState; step: Step } {
  if (!state.humanOffered && state.emotions.some((emotion) => NEEDS_A_HUMAN.has(emotion))) {
    return { state: { ...state, humanOffered: true, question: 'human' }, step: { kind: 'offerHuman' } };
  }
  if (state.warnings < 2) return { state: { ...state, warnings: 2, question: 'stillSend' }, step: { kind: 'warn', warning: 2 } };
  if (state.question !== 'confirmSend') return { state: { ...state, question: 'confirmSend' }, step: { kind: 'askConfirmation' } };
  return decide(state, 'proceed', true);
}

export function nextStep(previous: DialogueState, move: UserMove, emotion: Emotion): { state: DialogueState; step: Step } {
  const state: DialogueState = { ...previous, emotions: [...previous.emotions, emotion] };
  switch (move) {
    case 'cancel':
      return decide(state, 'cancel');
    case 'hold':
    case 'stop':
      return decide(state, 'hold');
    case 'human':
      return decide(state, 'escalate');
    case 'proceed':
      // "Send it" is an explicit confirmation only once the confirmation has been asked for.
      return towardsRelease(state);
    case 'yes':
      if (state.question === 'cancelIt') return decide(state, 'cancel');
      if (state.question === 'human') return decide(state, 'escalate');
      return towardsRelease(state);
    case 'no':
      if (state.question === 'stillSend') return decide(state, 'cancel');
      if (state.question === 'confirmSend') return decide(state, 'hold');
      return towardsRelease(state);
    case 'unclear':
      return { state, step: { kind: 'clarify' } };
  }
}
