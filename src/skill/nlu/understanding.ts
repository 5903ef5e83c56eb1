/**
 * One understanding step for typed and transcribed text: per language, one classifier over the
 * skill's intents and the FAQ's topics together (src/skill/nlu/training-data.ts), so that "my
 * PIN is locked" competes with "freeze my account" on the same scale instead of one model
 * guessing and another overruling it. nlp.js stays for what it measures better: entities.
 */
import { createHash } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { ClassifierJson, Example, TextClassifier, train, TrainOptions } from '../../classifiers';
import { DEFAULT_LANGUAGE, LANGUAGES, languageOf, type Language } from '../../shared/languages';
import { PROJECT_ROOT } from '../../shared/project-paths';
import { FAQ_TRAIN_OPTIONS, type FaqClassification, loadFaqTrainingData } from '../faq/classifier';
import { FAQ_LABEL_PREFIX, understandingExamples } from './training-data';

/** A possible meaning of the text: an intent name, or `faq:<topic>`; with its calibrated probability. */
export interface Reading {
  label: string;
  confidence: number;
}

export function isFaqLabel(label: string): boolean {
  return label.startsWith(FAQ_LABEL_PREFIX);
}

export function faqTopicOf(label: string): string | undefined {
  return isFaqLabel(label) ? label.slice(FAQ_LABEL_PREFIX.length) : undefined;
}

export interface UnderstandingArtifact {
  kind: 'carevoice-understanding-model';
  fingerprint: string;
  trainedAt: string;
  trainingMs: number;
  examples: number;
  models: Record<Language, ClassifierJson>;
}

export class UnderstandingModel {
  constructor(private readonly models: ReadonlyMap<Language, TextClassifier>) {}

  /** Every reading of `text` in `lang` (a tag or base language), most likely first. */
  understand(text: string, lang?: string): Reading[] {
    return this.modelFor(lang)
      .predict(text, languageOf(lang))
      .ranked.map((r) => ({ label: r.label, confidence: r.score }));
  }

  /**
   * The text read as a common question, for the FAQ (Alexa hands over only the question's slot):
   * the FAQ topics' probabilities, renormalised among themselves.
   */
  classify(text: string, lang?: string): FaqClassification {
    return faqClassificationOf(this.understand(text, lang));
  }

  /** Every FAQ topic (Banking77 category names). */
  get topics(): string[] {
    return this.modelFor(DEFAULT_LANGUAGE).labels.flatMap((label) => faqTopicOf(label) ?? []);
  }

  private modelFor(lang: string | undefined): TextClassifier {
    const model = this.models.get(languageOf(lang));
    if (!model) throw new Error(`No understanding model for ${String(lang)}`);
    return model;
  }

  toArtifact(meta: Omit<UnderstandingArtifact, 'kind' | 'models'>): UnderstandingArtifact {
    const models = Object.fromEntries([...this.models].map(([lang, model]) => [lang, model.toJSON()])) as Record<Language, ClassifierJson>;
    return { kind: 'carevoice-understanding-model', ...meta, models };
  }

  static fromArtifact(artifact: UnderstandingArtifact): UnderstandingModel {
    if (artifact.kind !== 'carevoice-understanding-model') throw new Error('Not an understanding model artifact');
    return new UnderstandingModel(new Map(LANGUAGES.map((lang) => [lang, TextClassifier.fromJSON(artifact.models[lang])])));
  }
}

/** The FAQ topics among the readings, their probabilities scaled to add up to one. */
export function faqClassificationOf(readings: readonly Reading[]): FaqClassification {
  const topics = readings.flatMap((r) => {
    const topic = faqTopicOf(r.label);
    return topic ? [{ topic, confidence: r.confidence }] : [];
  });
  const total = topics.reduce((sum, t) => sum + t.confidence, 0) || 1;
  const scaled = topics.map((t) => ({ topic: t.topic, confidence: t.confidence / total }));
  return { topic: scaled[0].topic, confidence: scaled[0].confidence, alternatives: scaled.slice(1, 4) };
}

/** Default artifact: build/understanding-model.json at the repository root, or $CAREVOICE_UNDERSTANDING_MODEL. */
export function defaultUnderstandingModelPath(): string {
  return process.env.CAREVOICE_UNDERSTANDING_MODEL ?? join(PROJECT_ROOT, 'build', 'understanding-model.json');
}

/** Beside the artifact's JSON: its int8 weights as raw bytes (most of its size). */
export function understandingWeightsPath(path: string): string {
  return path.replace(/\.json$/, '') + '.weights';
}

/** Where a matrix's int8 values sit in the weights file. */
interface WeightsRef {
  int8At: number;
  length: number;
}

function isWeightsRef(value: unknown): value is WeightsRef {
  return typeof value === 'object' && value !== null && typeof (value as WeightsRef).int8At === 'number';
}

/**
 * Writes the artifact as a JSON file of labels, vocabularies and small arrays, and its int8
 * weights as raw bytes beside it: reading them then costs a file read, where 120 MB of base64
 * inside the JSON cost parsing and decoding on every start. The JSON is ASCII (other characters
 * escaped), which Node decodes on its fast path.
 */
export function writeUnderstandingArtifact(path: string, artifact: UnderstandingArtifact): void {
  const weights: Buffer[] = [];
  let offset = 0;
  const json = JSON.stringify(artifact, (key, value: unknown) => {
    if (key !== 'q' || !(typeof value === 'string' || value instanceof Int8Array)) return value;
    const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    weights.push(bytes);
    const ref: WeightsRef = { int8At: offset, length: bytes.length };
    offset += bytes.length;
    return ref;
  });
  writeFileSync(understandingWeightsPath(path), Buffer.concat(weights));
  writeFileSync(
    path,
    json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

export function readUnderstandingArtifact(path: string): UnderstandingArtifact {
  const weightsPath = understandingWeightsPath(path);
  const weights = existsSync(weightsPath) ? readFileSync(weightsPath) : undefined;
  // Decoded from a buffer: `readFileSync(path, 'utf8')` is twice as slow on large files.
  return JSON.parse(readFileSync(path).toString('utf8'), (key, value: unknown) => {
    if (key !== 'q' || !isWeightsRef(value)) return value;
    if (!weights || value.int8At + value.length > weights.length) throw new Error(`${weightsPath} is missing or does not match ${path}: run npm run build`);
    return new Int8Array(weights.buffer, weights.byteOffset + value.int8At, value.length);
  }) as UnderstandingArtifact;
}

/** Each language's examples: the Jovo models' phrases and the FAQ's questions. */
export function loadUnderstandingExamples(): Map<Language, Example[]> {
  const faq = loadFaqTrainingData();
  return new Map(LANGUAGES.map((lang) => [lang, understandingExamples(lang, faq)]));
}

/**
 * The FAQ's method (chosen by cross-validation on Banking77, resources/faq/RESULTS.md), with each
 * head's temperature fitted again on a 15% hold-out of each language's examples: the skill's
 * intents change the label set, and confidences must stay calibrated for the thresholds in
 * routing.ts to mean what they say.
 */
export const UNDERSTANDING_TRAIN_OPTIONS: TrainOptions = {
  ...FAQ_TRAIN_OPTIONS,
  heads: (FAQ_TRAIN_OPTIONS.heads ?? []).map((head) => ({ ...head, temperature: undefined })),
  calibrationHoldout: 0.15,
};

/** Fingerprint of the training data and options: an artifact built from other data is retrained. */
export function understandingFingerprint(examples: Map<Language, Example[]>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(UNDERSTANDING_TRAIN_OPTIONS));
  for (const [lang, list] of examples) for (const e of list) hash.update(`${lang}\t${e.label}\t${e.text}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** One language's classifier. */
export function trainLanguage(examples: Example[]): TextClassifier {
  return train(examples, UNDERSTANDING_TRAIN_OPTIONS);
}

/**
 * Trains one classifier per language, in this process (about four minutes on one core);
 * scripts/train-understanding.ts trains them in parallel at build time.
 */
export function trainUnderstanding(
  examples: Map<Language, Example[]> = loadUnderstandingExamples(),
  onProgress?: (message: string) => void,
): { model: UnderstandingModel; artifact: UnderstandingArtifact } {
  const t0 = Date.now();
  const models = new Map<Language, TextClassifier>();
  for (const [lang, list] of examples) {
    onProgress?.(`${lang}: ${list.length} examples`);
    models.set(lang, trainLanguage(list));
  }
  return withArtifact(models, examples, Date.now() - t0);
}

/** The model of trained classifiers, and its artifact. */
export function withArtifact(
  models: ReadonlyMap<Language, TextClassifier>,
  examples: Map<Language, Example[]>,
  trainingMs: number,
): { model: UnderstandingModel; artifact: UnderstandingArtifact } {
  const model = new UnderstandingModel(models);
  const artifact = model.toArtifact({
    fingerprint: understandingFingerprint(examples),
    trainedAt: new Date().toISOString(),
    trainingMs,
    examples: [...examples.values()].reduce((n, list) => n + list.length, 0),
  });
  return { model, artifact };
}

export interface LoadUnderstandingOptions {
  /** Artifact to load (default: build/understanding-model.json or $CAREVOICE_UNDERSTANDING_MODEL). */
  path?: string;
  onProgress?: (message: string) => void;
}

const cache = new Map<string, UnderstandingModel>();

/**
 * The model written by `scripts/train-understanding.ts` (part of `npm run build`); when it is
 * missing or was built from other data, trained in-process without writing it. Cached per path.
 */
export function loadUnderstanding(options: LoadUnderstandingOptions = {}): UnderstandingModel {
  const path = resolve(options.path ?? defaultUnderstandingModelPath());
  const cached = cache.get(path);
  if (cached) return cached;
  const examples = loadUnderstandingExamples();
  let model: UnderstandingModel | undefined;
  if (existsSync(path)) {
    const artifact = readUnderstandingArtifact(path);
    if (artifact.fingerprint === understandingFingerprint(examples)) model = UnderstandingModel.fromArtifact(artifact);
    else options.onProgress?.(`${path} was built from other training data: retraining in-process`);
  } else {
    options.onProgress?.(`${path} not found: training in-process`);
  }
  model ??= trainUnderstanding(examples, options.onProgress).model;
  cache.set(path, model);
  return model;
}
