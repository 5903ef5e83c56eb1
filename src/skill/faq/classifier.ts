import { join } from 'path';
import { PROJECT_ROOT } from '../../shared/project-paths';
import { Example, readLabelledCsv, TrainOptions } from '../../classifiers';

/** Languages with hand-written FAQ examples in resources/faq/examples.<lang>.csv (English is Banking77). */
export const FAQ_EXAMPLE_LANGUAGES = ['de', 'es', 'fr', 'ja', 'zh'] as const;

export interface FaqAlternative {
  topic: string;
  confidence: number;
}

export interface FaqClassification {
  /** A Banking77 category name, e.g. `card_arrival`. */
  topic: string;
  /** Calibrated probability of `topic` (0..1). */
  confidence: number;
  /** The next most likely topics, most likely first (up to 3). */
  alternatives: FaqAlternative[];
}

/**
 * Method chosen by 5-fold cross-validation on Banking77's training split (resources/faq/RESULTS.md):
 * TF-IDF of word 1-2 grams + char_wb 2-5 grams (sublinear tf, per-block L2), then the average of
 * the calibrated probabilities of three one-hidden-layer MLPs (different seeds) and a one-vs-rest
 * linear SVM.
 * Temperatures were fitted on out-of-fold scores of the cross-validation (top-1 ECE 0.016).
 */
export const FAQ_TRAIN_OPTIONS: TrainOptions = {
  features: { word: { min: 1, max: 2 }, char: { min: 2, max: 5 }, sublinearTf: true, minDf: 2 },
  heads: [
    { kind: 'mlp', hidden: 256, epochs: 10, eta: 0.2, dropout: 0.3, inputDropout: 0.5, temperature: 1.5, seed: 11 },
    { kind: 'mlp', hidden: 256, epochs: 10, eta: 0.2, dropout: 0.3, inputDropout: 0.5, temperature: 1.5, seed: 12 },
    { kind: 'mlp', hidden: 256, epochs: 10, eta: 0.2, dropout: 0.3, inputDropout: 0.5, temperature: 1.5, seed: 13 },
    { kind: 'svm', C: 1, temperature: 0.2 },
  ],
  seed: 1,
};

/** The shipped training data: Banking77's training split (English) plus the examples per language. */
export function loadFaqTrainingData(root: string = PROJECT_ROOT): Example[] {
  const english = readLabelledCsv(join(root, 'resources', 'banking77', 'train.csv'), 'category', 'en');
  const others = FAQ_EXAMPLE_LANGUAGES.flatMap((lang) => readLabelledCsv(join(root, 'resources', 'faq', `examples.${lang}.csv`), 'category', lang));
  return [...english, ...others];
}

/** What reads a question as one of the FAQ's topics (the understanding model, src/skill/nlu/understanding.ts). */
export interface FaqClassifier {
  classify(text: string, lang?: string): FaqClassification;
}
