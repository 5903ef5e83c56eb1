export { FAQ_EXAMPLE_LANGUAGES, FAQ_TRAIN_OPTIONS, loadFaqTrainingData } from './classifier';
export type { FaqAlternative, FaqClassification, FaqClassifier } from './classifier';
export { evaluate, readQuestions, scoreFaq } from './eval';
export type { LabelledQuestion } from './eval';
export { decideFaqReply, FAQ_THRESHOLDS } from './decision';
export type { FaqDecision } from './decision';
/** Questions are read by the understanding model, whose FAQ view is the FAQ classifier (also for the bench's probe). */
export { loadUnderstanding as loadFaqClassifier } from '../nlu/understanding';
