/** The emotions of a reply during the fraud-warning dialogue (same values as the API contract's `Emotion`). */
export const EMOTIONS = ['calm', 'anxious', 'angry', 'insistent', 'confused'] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** Languages of the labelled data (resources/emotion/labelled.csv). */
export const EMOTION_LANGUAGES = ['en', 'de', 'es', 'fr', 'ja', 'zh'] as const;

export function isEmotion(value: string): value is Emotion {
  return (EMOTIONS as readonly string[]).includes(value);
}
