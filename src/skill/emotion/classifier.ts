import { join } from 'path';
import { PROJECT_ROOT } from '../../shared/project-paths';
import { baseLanguage, Example, readLabelledCsv, TextClassifier, train, TrainOptions } from '../../classifiers';
import { shippedCueLexicon } from './cues';
import { Emotion, EMOTION_LANGUAGES, EMOTIONS, isEmotion } from './labels';

export interface EmotionDetection {
  emotion: Emotion;
  /** Probability of `emotion` (0..1). */
  confidence: number;
  /** Probability of every emotion; they add up to 1. */
  scores: Record<Emotion, number>;
}

/**
 * Chosen by 5-fold stratified cross-validation on resources/emotion/labelled.csv only
 * (src/skill/emotion/cv.ts; figures in resources/emotion/README.md).
 */
export const EMOTION_TRAIN_OPTIONS: TrainOptions = {
  features: { word: { min: 1, max: 2 }, char: { min: 2, max: 5 }, sublinearTf: true, minDf: 1 },
  heads: [{ kind: 'svm', C: 1 }],
  seed: 7,
};

/** Path of the shipped labelled set. */
export function labelledDataPath(root: string = PROJECT_ROOT): string {
  return join(root, 'resources', 'emotion', 'labelled.csv');
}

/** Rows of a `text,label,lang` file; throws on a label that is not an emotion. */
export function readEmotionCsv(file: string): Example[] {
  const rows = readLabelledCsv(file, 'label');
  for (const r of rows) if (!isEmotion(r.label)) throw new Error(`${file}: unknown emotion label "${r.label}"`);
  return rows;
}

/**
 * The text the model sees: the reply plus marker words. Punctuation and capitals carry emotion
 * ("?!", "NOW") but the tokenizer drops punctuation and lowercases, so they become markers;
 * so do the matches of the cue lexicon (src/skill/emotion/cues.ts) unless `cues` is false.
 */
export function withMarkers(text: string, lang?: string, cues = true): string {
  const markers: string[] = cues ? shippedCueLexicon().markers(text, lang) : [];
  const exclamations = (text.match(/[!！]/g) ?? []).length;
  const questions = (text.match(/[?？]/g) ?? []).length;
  if (exclamations > 0) markers.push('xexclam');
  if (exclamations > 1) markers.push('xexclammany');
  if (questions > 0) markers.push('xquestion');
  if (questions > 1) markers.push('xquestionmany');
  if (/[?？][!！]|[!！][?？]/.test(text)) markers.push('xinterrobang');
  if (/\.\.\.|…|。。/.test(text)) markers.push('xellipsis');
  if (/(?<![\p{L}])\p{Lu}{3,}(?![\p{L}])/u.test(text)) markers.push('xshout');
  return markers.length ? `${text} ${markers.join(' ')}` : text;
}

/** A language hint the tokenizer accepts, or undefined (then CJK text is detected by script). */
function languageHint(lang: string | undefined): string | undefined {
  const base = baseLanguage(lang?.trim() || undefined);
  return base && (EMOTION_LANGUAGES as readonly string[]).includes(base) ? base : undefined;
}

/** Detects the emotion of one reply in the fraud-warning dialogue (calm, anxious, angry, insistent, confused). */
export class EmotionClassifier {
  /** `cues`: whether the model was trained with the cue-lexicon markers (default true). */
  constructor(
    readonly model: TextClassifier,
    readonly cues = true,
  ) {
    for (const label of model.labels) if (!isEmotion(label)) throw new Error(`Not an emotion model: label ${label}`);
  }

  /**
   * `lang`: the two-letter language of the dialogue (a hint; text in another language or mixed
   * text is still classified). Empty or whitespace text is `calm` with uniform, low confidence.
   */
  detect(text: string, lang?: string): EmotionDetection {
    const uniform = Object.fromEntries(EMOTIONS.map((e) => [e, 1 / EMOTIONS.length])) as Record<Emotion, number>;
    if (typeof text !== 'string' || text.trim() === '') return { emotion: 'calm', confidence: 1 / EMOTIONS.length, scores: uniform };
    const { ranked } = this.model.predict(withMarkers(text.trim(), languageHint(lang), this.cues), languageHint(lang));
    const scores = { ...uniform };
    for (const e of EMOTIONS) scores[e] = 0;
    for (const r of ranked) scores[r.label as Emotion] = r.score;
    return { emotion: ranked[0].label as Emotion, confidence: ranked[0].score, scores };
  }

  serialize(): string {
    return JSON.stringify({ cues: this.cues, model: this.model.toJSON() });
  }

  static deserialize(json: string): EmotionClassifier {
    const data = JSON.parse(json) as { cues: boolean; model: ReturnType<TextClassifier['toJSON']> };
    return new EmotionClassifier(TextClassifier.fromJSON(data.model), data.cues);
  }
}

/** Trains on labelled examples (markers are added here and in `detect`); `cues: false` leaves the cue lexicon out (ablation). */
export function trainEmotionClassifier(examples: Example[], options: TrainOptions = EMOTION_TRAIN_OPTIONS, cues = true): EmotionClassifier {
  const prepared = examples.map((e) => {
    const lang = languageHint(e.lang);
    return { text: withMarkers(e.text, lang, cues), label: e.label, lang };
  });
  return new EmotionClassifier(train(prepared, options), cues);
}

export interface LoadedEmotionClassifier {
  classifier: EmotionClassifier;
  trainingMs: number;
  examples: number;
}

let cached: LoadedEmotionClassifier | undefined;

/** The classifier trained in-process from resources/emotion/labelled.csv at first use (about a second), then cached. */
export function loadEmotionClassifier(): EmotionClassifier {
  return loadEmotionClassifierWithStats().classifier;
}

/** As `loadEmotionClassifier`, with the training time and number of examples of the cached model. */
export function loadEmotionClassifierWithStats(): LoadedEmotionClassifier {
  if (!cached) {
    const examples = readEmotionCsv(labelledDataPath());
    const t0 = Date.now();
    const classifier = trainEmotionClassifier(examples);
    cached = { classifier, trainingMs: Date.now() - t0, examples: examples.length };
  }
  return cached;
}
