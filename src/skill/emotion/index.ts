/** Emotion of a user's reply during the fraud-warning dialogue: calm, anxious, angry, insistent or confused. */
export {
  EmotionClassifier,
  EMOTION_TRAIN_OPTIONS,
  labelledDataPath,
  loadEmotionClassifier,
  loadEmotionClassifierWithStats,
  readEmotionCsv,
  trainEmotionClassifier,
  withMarkers,
} from './classifier';
export type { EmotionDetection, LoadedEmotionClassifier } from './classifier';
export { EMOTIONS, EMOTION_LANGUAGES, isEmotion } from './labels';
export type { Emotion } from './labels';
export { emotionFromStanceIntent, stanceIntents } from './stance';
export { evaluate, scoreEmotion } from './eval';
export type { EmotionEvaluation } from './eval';
