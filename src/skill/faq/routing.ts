/**
 * Which typed turns (web) go to the FAQ instead of the intent nlp.js picked. nlp.js knows the
 * skill's own requests from a few dozen phrases each; a real customer question ("my new card
 * hasn't arrived yet") it matches to the nearest of them (balance, transactions...) with a
 * middling score, and the user hears the answer to a question they did not ask. The FAQ
 * classifier, trained on 10,000 such questions, knows better when it is sure.
 *
 * Framework-free: the caller passes what nlp.js said, a way to classify the text (called only
 * when the answer depends on it) and whether the conversation waits for a specific answer.
 */
import type { FaqClassification } from './classifier';

export interface FaqRoutingThresholds {
  /** nlp.js scores at or above this are kept: the sentence is one the models know. */
  keepNluScore: number;
  /** Below it, the FAQ takes the turn when its classifier is at least this sure of a topic. */
  faqConfidence: number;
}

/**
 * Measured with scripts/eval-faq-routing.ts through the web app, on 201 Banking77 questions the
 * classifier was retrained without and 354 of the skill's own requests (model phrases and
 * paraphrases): the FAQ answers 84% of the questions instead of 48% (right topic: 78% instead of
 * 42%), and 94.9% of the requests keep their intent instead of 95.2%. Figures in its header.
 */
export const FAQ_ROUTING: FaqRoutingThresholds = { keepNluScore: 0.95, faqConfidence: 0.8 };

/** The typed text and what nlp.js made of it: its intent and that intent's score (0..1). */
export interface NluGuess {
  text: string;
  intent: string;
  score: number;
}

/**
 * Four digits or more in a row (spaces and dashes allowed): a phone number to check, a voice code,
 * a report's reference. The skill's own requests carry them; 5 of Banking77's 10,003 questions do
 * (a year). The FAQ classifier, which must pick one of its 77 topics, can be sure of nonsense
 * there ("someone called me from +44 20 7946 0958": 0.98 for a wrong amount of cash at an ATM).
 */
const LONG_NUMBER = /\d(?:[\s-]?\d){3,}/;

/**
 * The classification when the turn should go to the FAQ, undefined to keep nlp.js's intent.
 * Never inside an open dialogue: a voice code, a yes/no, a slot answer or a choice stays with
 * the dialogue that asked for it, however much it sounds like a question.
 */
export function routeToFaq(
  nlu: NluGuess,
  dialogueOpen: boolean,
  classify: () => FaqClassification,
  thresholds: FaqRoutingThresholds = FAQ_ROUTING,
): FaqClassification | undefined {
  if (dialogueOpen || nlu.intent === 'FaqIntent' || nlu.score >= thresholds.keepNluScore) return undefined;
  if (LONG_NUMBER.test(nlu.text)) return undefined;
  const classification = classify();
  return classification.confidence >= thresholds.faqConfidence ? classification : undefined;
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
