/** Framework-free text classification: TF-IDF n-gram features + calibrated ensembles of linear models and a small MLP. */
export { train, deserialize, TextClassifier, fitTemperature, MAX_CLASSIFIED_CHARS } from './classifier';
export type { ClassifierJson, Example, HeadSpec, Prediction, RankedLabel, TrainOptions } from './classifier';
export { TfidfVectorizer } from './vectorizer';
export type { FeatureOptions, NgramRange, SparseVector } from './vectorizer';
export { normalizeText, textHead, wordTokens, charNgrams, wordNgrams, baseLanguage, hasCjk } from './text';
export type { NormalizeOptions } from './text';
export { accuracy, macroF1, percentile, stratifiedFolds, roundResult } from './metrics';
export type { EvaluationResult } from './metrics';
export { readLabelledCsv } from './csv';
