/**
 * The glue between what a user said in the security-alert dialogue and the pure safety policy
 * (./policy.ts): which move an intent is, which emotion a reply carries, which script variant
 * the bandit picks for it, and the record posted to the backend at the end. Framework-free.
 */
import type { AlertDecisionRequest, Emotion, PersuasionStat, ScamType } from '../../shared/contract/api';
import { emotionFromStanceIntent } from '../emotion/stance';
import { chooseVariant, Random, VariantRecord } from './bandit';
import type { Decision, Step, UserMove } from './policy';
import { SCRIPT_VARIANTS } from './variants';

/** The intents of the alert dialogue and the move each stands for (END is Stop, Cancel and "go home"). */
const MOVES: Readonly<Record<string, UserMove>> = {
  CancelTransferIntent: 'cancel',
  SendAnywayIntent: 'proceed',
  InsistIntent: 'proceed',
  AngryIntent: 'proceed',
  KeepHoldingIntent: 'hold',
  TalkToPersonIntent: 'human',
  // The handoff's own "let me talk to a person": inside the alert dialogue it escalates the alert.
  HumanAgentIntent: 'human',
  WorriedIntent: 'unclear',
  ConfusedIntent: 'unclear',
  'AMAZON.YesIntent': 'yes',
  'AMAZON.NoIntent': 'no',
  END: 'stop',
};

export const ALERT_DIALOGUE_INTENTS: readonly string[] = Object.keys(MOVES);

/** The move of a matched intent; anything else in the middle of the dialogue is unclear (the money stays held). */
export function moveFromIntent(intent: string | undefined): UserMove {
  return intent !== undefined && Object.prototype.hasOwnProperty.call(MOVES, intent) ? MOVES[intent] : 'unclear';
}

/**
 * The emotion of one reply: from the full text when there is any (web, or a free-form slot on
 * Alexa), otherwise from the stance of the intent it matched; calm when neither says anything.
 */
export function emotionOfReply(intent: string | undefined, text: string | undefined, detect: (text: string) => Emotion): Emotion {
  if (text && text.trim() !== '') return detect(text);
  return emotionFromStanceIntent(intent) ?? 'calm';
}

/** The bandit's records for one scam type and emotion, from the backend's statistics. */
export function variantRecords(stats: readonly PersuasionStat[], scamType: ScamType, emotion: Emotion): VariantRecord[] {
  return stats
    .filter((stat) => stat.scamType === scamType && stat.emotion === emotion)
    .map(({ variant, successes, trials }) => ({ variant, successes, trials }));
}

/** Thompson sampling over the variants of this emotion (see ./bandit.ts). */
export function pickVariant(stats: readonly PersuasionStat[], scamType: ScamType, emotion: Emotion, random?: Random): string {
  return chooseVariant(SCRIPT_VARIANTS[emotion], variantRecords(stats, scamType, emotion), random);
}

/** Whether the reply to this step speaks a persuasion variant (everything but the final decision). */
export function speaksVariant(step: Step): boolean {
  return step.kind !== 'decide';
}

export interface DialogueTurn {
  move: UserMove;
  emotion: Emotion;
  /** The variant spoken in reply, if any (none with the final decision). */
  variant?: string;
  step: Step['kind'];
}

/** A short, plain-English account of the dialogue for the agents who read the alert (never spoken). */
export function transcriptSummary(scamType: ScamType, turns: readonly DialogueTurn[], decision: Decision): string {
  const lines = turns.map(
    (turn, index) => `${index + 1}. user: ${turn.move} (${turn.emotion}); agent: ${turn.step}${turn.variant ? ` [${turn.variant}]` : ''}`,
  );
  return [`Warning about ${scamType} given.`, ...lines, `Decision: ${decision}.`].join('\n').slice(0, 2000);
}

/**
 * The decision for the backend: one (emotion, variant) pair per turn that spoke a variant, so the
 * bandit credits each variant heard with the outcome; every turn's emotion is in the summary.
 */
export function decisionRequest(scamType: ScamType, turns: readonly DialogueTurn[], decision: Decision, confirmedTwice: boolean): AlertDecisionRequest {
  const spoken = turns.filter((turn): turn is DialogueTurn & { variant: string } => turn.variant !== undefined).slice(-20);
  return {
    decision,
    emotions: spoken.map((turn) => turn.emotion),
    scriptVariants: spoken.map((turn) => turn.variant),
    transcriptSummary: transcriptSummary(scamType, turns, decision),
    confirmedTwice,
  };
}
