export {
  FaqClassifier,
  FAQ_EXAMPLE_LANGUAGES,
  FAQ_TRAIN_OPTIONS,
  defaultFaqModelPath,
  faqTrainingFingerprint,
  loadFaqClassifier,
  loadFaqTrainingData,
  trainFaqClassifier,
} from './classifier';
export type { FaqAlternative, FaqClassification, FaqModelArtifact, LoadFaqOptions, TrainFaqOptions } from './classifier';
export { evaluate, readQuestions, scoreFaq } from './eval';
export type { LabelledQuestion } from './eval';
export { decideFaqReply, FAQ_THRESHOLDS } from './decision';
export type { FaqDecision } from './decision';
