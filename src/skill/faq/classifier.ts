import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { PROJECT_ROOT } from '../../shared/project-paths';
import { ClassifierJson, Example, readLabelledCsv, TextClassifier, train, TrainOptions } from '../../classifiers';

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

/** Default artifact: build/faq-model.json at the repository root, or $CAREVOICE_FAQ_MODEL. */
export function defaultFaqModelPath(): string {
  return process.env.CAREVOICE_FAQ_MODEL ?? join(PROJECT_ROOT, 'build', 'faq-model.json');
}

/** The shipped training data: Banking77's training split (English) plus the examples per language. */
export function loadFaqTrainingData(root: string = PROJECT_ROOT): Example[] {
  const english = readLabelledCsv(join(root, 'resources', 'banking77', 'train.csv'), 'category', 'en');
  const others = FAQ_EXAMPLE_LANGUAGES.flatMap((lang) => readLabelledCsv(join(root, 'resources', 'faq', `examples.${lang}.csv`), 'category', lang));
  return [...english, ...others];
}

/** Fingerprint of the training data and options: an artifact built from other data is retrained. */
export function faqTrainingFingerprint(examples: Example[], options: TrainOptions = FAQ_TRAIN_OPTIONS): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...options, onProgress: undefined }));
  for (const e of examples) hash.update(`${e.lang ?? ''}\t${e.label}\t${e.text}\n`);
  return hash.digest('hex').slice(0, 16);
}

export interface FaqModelArtifact {
  kind: 'carevoice-faq-model';
  fingerprint: string;
  trainedAt: string;
  trainingMs: number;
  examples: number;
  model: ClassifierJson;
}

/** The FAQ topic classifier: Banking77's 77 topics, questions in en, de, es, fr, ja and zh. */
export class FaqClassifier {
  constructor(readonly model: TextClassifier) {}

  /** Every topic id (Banking77 category names). */
  get topics(): string[] {
    return this.model.labels;
  }

  classify(text: string, lang?: string): FaqClassification {
    const { ranked } = this.model.predict(text, lang);
    return {
      topic: ranked[0].label,
      confidence: ranked[0].score,
      alternatives: ranked.slice(1, 4).map((r) => ({ topic: r.label, confidence: r.score })),
    };
  }

  toArtifact(meta: Omit<FaqModelArtifact, 'kind' | 'model'>): FaqModelArtifact {
    return { kind: 'carevoice-faq-model', ...meta, model: this.model.toJSON() };
  }

  static fromArtifact(artifact: FaqModelArtifact): FaqClassifier {
    if (artifact.kind !== 'carevoice-faq-model') throw new Error('Not a FAQ model artifact');
    return new FaqClassifier(TextClassifier.fromJSON(artifact.model));
  }
}

export interface TrainFaqOptions {
  examples?: Example[];
  trainOptions?: TrainOptions;
  onProgress?: (message: string) => void;
}

/** Trains the FAQ classifier on the shipped data; returns it with its artifact. */
export function trainFaqClassifier(options: TrainFaqOptions = {}): { classifier: FaqClassifier; artifact: FaqModelArtifact } {
  const examples = options.examples ?? loadFaqTrainingData();
  const trainOptions = { ...(options.trainOptions ?? FAQ_TRAIN_OPTIONS), onProgress: options.onProgress };
  const t0 = Date.now();
  const classifier = new FaqClassifier(train(examples, trainOptions));
  const trainingMs = Date.now() - t0;
  const artifact = classifier.toArtifact({
    fingerprint: faqTrainingFingerprint(examples, options.trainOptions ?? FAQ_TRAIN_OPTIONS),
    trainedAt: new Date().toISOString(),
    trainingMs,
    examples: examples.length,
  });
  return { classifier, artifact };
}

export interface LoadFaqOptions {
  /** Artifact to load (default: build/faq-model.json or $CAREVOICE_FAQ_MODEL). */
  path?: string;
  /** Retrain when the artifact was built from other data or options (default true). */
  checkFingerprint?: boolean;
  onProgress?: (message: string) => void;
}

const cache = new Map<string, FaqClassifier>();

/**
 * Loads the FAQ classifier from the artifact written by `scripts/train-faq.ts`; when it is
 * missing or stale, trains in-process (about a minute on 2 cores) without writing it. Cached
 * per path.
 */
export function loadFaqClassifier(options: LoadFaqOptions = {}): FaqClassifier {
  const path = resolve(options.path ?? defaultFaqModelPath());
  const cached = cache.get(path);
  if (cached) return cached;
  let classifier: FaqClassifier | undefined;
  if (existsSync(path)) {
    const artifact = JSON.parse(readFileSync(path, 'utf8')) as FaqModelArtifact;
    const fresh = options.checkFingerprint === false || artifact.fingerprint === faqTrainingFingerprint(loadFaqTrainingData());
    if (fresh) classifier = FaqClassifier.fromArtifact(artifact);
    else options.onProgress?.(`${path} was built from other training data: retraining in-process`);
  } else {
    options.onProgress?.(`${path} not found: training in-process`);
  }
  classifier ??= trainFaqClassifier({ onProgress: options.onProgress }).classifier;
  cache.set(path, classifier);
  return classifier;
}
