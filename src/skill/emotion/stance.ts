import type { Emotion } from './labels';

/**
 * Alexa path: the emotion implied by the stance intent a reply matched. Framework-free; the
 * dialogue combines it with `detect()` on any free-form slot text of the same reply.
 */
const STANCE_INTENTS: Readonly<Record<string, Emotion>> = {
  InsistIntent: 'insistent',
  WorriedIntent: 'anxious',
  ConfusedIntent: 'confused',
  AngryIntent: 'angry',
  CalmIntent: 'calm',
  'AMAZON.YesIntent': 'calm',
  'AMAZON.NoIntent': 'calm',
};

/** The emotion of a stance intent, or undefined when the intent carries no stance. */
export function emotionFromStanceIntent(intentName: string | undefined | null): Emotion | undefined {
  if (!intentName) return undefined;
  return Object.prototype.hasOwnProperty.call(STANCE_INTENTS, intentName) ? STANCE_INTENTS[intentName] : undefined;
}

/** The stance intents and their emotions (e.g. for the interaction model's tests). */
export function stanceIntents(): Array<[string, Emotion]> {
  return Object.entries(STANCE_INTENTS);
}
