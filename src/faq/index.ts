export {
  FaqClassifier,
  FAQ_EXAMPLE_LANGUAGES,
  FAQ_TRAIN_OPTIONS,
  defaultFaqModelPath,
  faqTrainingFingerprint,
  loadFaqClassifier,
  loadFaqTrainingData,
  repoRoot,
  trainFaqClassifier,
} from './classifier';
export type { FaqAlternative, FaqClassification, FaqModelArtifact, LoadFaqOptions, TrainFaqOptions } from './classifier';
export { evaluate, readQuestions, scoreFaq } from './eval';
export type { LabelledQuestion } from './eval';
