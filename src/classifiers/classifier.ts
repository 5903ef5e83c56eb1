import { decodeFloat32, decodeInt8, encodeFloat32, encodeInt8 } from './codec';
import { seededRandom } from '../shared/random';
import { LinearHead, linearScores, toCsr, trainOvrSvm, trainSoftmax } from './linear';
import { MlpHead, mlpScores, trainMlp } from './mlp';
import { textHead } from './text';
import { FeatureOptions, SparseVector, TfidfVectorizer, VectorizerJson } from './vectorizer';

/** One labelled training text (`lang`: BCP 47 tag or base language, a hint for word segmentation). */
export interface Example {
  text: string;
  label: string;
  lang?: string;
}

export interface RankedLabel {
  label: string;
  /** Calibrated probability in [0, 1]; the scores of all labels add up to 1. */
  score: number;
}

export interface Prediction {
  /** Every label, most probable first. */
  ranked: RankedLabel[];
}

interface HeadCommon {
  /** Weight of this head's probabilities in the ensemble average (default 1). */
  weight?: number;
  /** Softmax temperature of the head's scores; fitted on a hold-out when omitted. */
  temperature?: number;
  seed?: number;
}

/** A member of the ensemble: all share the TF-IDF features. */
export type HeadSpec =
  | ({ kind: 'svm'; C?: number; loss?: 'l1' | 'l2' } & HeadCommon)
  | ({ kind: 'softmax'; lambda?: number; epochs?: number; eta?: number } & HeadCommon)
  | ({ kind: 'mlp'; hidden?: number; epochs?: number; eta?: number; dropout?: number; inputDropout?: number } & HeadCommon);

export interface TrainOptions {
  features?: FeatureOptions;
  /** Default: one linear SVM (C=1). */
  heads?: HeadSpec[];
  /**
   * Share of the examples held out to fit the temperatures of heads that have none (default
   * 0.15); the heads are then trained again on all examples.
   */
  calibrationHoldout?: number;
  seed?: number;
  onProgress?: (message: string) => void;
}

type TrainedHead =
  { kind: 'linear'; spec: HeadSpec; temperature: number; head: LinearHead } | { kind: 'mlp'; spec: HeadSpec; temperature: number; head: MlpHead };

const FORMAT = 'carevoice-text-classifier/1';

/**
 * Only the start of a text is classified: a pasted essay of 30,000 characters took a third of a
 * second to segment and far longer to vectorise, holding the event loop. A question is far
 * shorter (Banking77's longest has 433 characters, most under 100).
 */
export const MAX_CLASSIFIED_CHARS = 500;

export interface ClassifierJson {
  format: string;
  labels: string[];
  vectorizer: VectorizerJson;
  heads: unknown[];
}

/** Rows of int8 values with one float scale per row: ~4x smaller than float32. */
interface QuantizedMatrix {
  rows: number;
  cols: number;
  /** Base64, or the values themselves where an artifact stores them as raw bytes beside its JSON. */
  q: string | Int8Array;
  scale: string;
}

/** Int8 values with one scale per row (the row's largest magnitude maps to 127). */
function quantize(values: Float32Array | Int8Array, rows: number, cols: number): { q: Int8Array; scale: Float32Array; json: QuantizedMatrix } {
  const q = new Int8Array(values.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(values[r * cols + c]));
    const s = max / 127;
    scale[r] = s;
    for (let c = 0; c < cols; c++) q[r * cols + c] = s === 0 ? 0 : Math.round(values[r * cols + c] / s);
  }
  return { q, scale, json: { rows, cols, q: encodeInt8(q), scale: encodeFloat32(scale) } };
}

/** Stores weights as int8 and predicts with those very weights, so that a model predicts the same before and after serialisation. */
function quantizeHead(h: TrainedHead): { head: TrainedHead; json: unknown } {
  const common = { spec: h.spec, temperature: h.temperature };
  if (h.kind === 'linear') {
    const C = h.head.classes;
    const w = quantize(h.head.weights, h.head.weights.length / C, C);
    return {
      head: { ...h, head: { ...h.head, weights: w.q, rowScale: w.scale } },
      json: { kind: 'linear', ...common, classes: C, weights: w.json, bias: encodeFloat32(h.head.bias) },
    };
  }
  const { hidden: H, classes: C } = h.head;
  const w1 = quantize(h.head.w1, h.head.w1.length / H, H);
  const w2 = quantize(h.head.w2, H, C);
  return {
    head: { ...h, head: { ...h.head, w1: w1.q, w1Scale: w1.scale, w2: w2.q, w2Scale: w2.scale } },
    json: {
      kind: 'mlp',
      ...common,
      classes: C,
      hidden: H,
      w1: w1.json,
      b1: encodeFloat32(h.head.b1),
      w2: w2.json,
      b2: encodeFloat32(h.head.b2),
    },
  };
}

function headScores(h: TrainedHead, x: SparseVector, out: Float64Array): Float64Array {
  return h.kind === 'linear' ? linearScores(h.head, x, out) : mlpScores(h.head, x, out);
}

function softmaxInPlace(s: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < s.length; c++) {
    s[c] /= temperature;
    if (s[c] > max) max = s[c];
  }
  let z = 0;
  for (let c = 0; c < s.length; c++) {
    s[c] = Math.exp(s[c] - max);
    z += s[c];
  }
  for (let c = 0; c < s.length; c++) s[c] /= z;
  return s;
}

/** The temperature minimising the negative log-likelihood of the gold labels (golden-section search on log T). */
export function fitTemperature(scores: Float64Array[], gold: Int32Array): number {
  const nll = (logT: number) => {
    const T = Math.exp(logT);
    let total = 0;
    scores.forEach((s, i) => {
      let max = -Infinity;
      for (let c = 0; c < s.length; c++) max = Math.max(max, s[c] / T);
      let z = 0;
      for (let c = 0; c < s.length; c++) z += Math.exp(s[c] / T - max);
      total -= s[gold[i]] / T - max - Math.log(z);
    });
    return total;
  };
  let a = Math.log(1e-3);
  let b = Math.log(1e3);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = nll(x1);
  let f2 = nll(x2);
  for (let k = 0; k < 60; k++) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = nll(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = nll(x2);
    }
  }
  return Math.exp((a + b) / 2);
}

/** A trained text classifier: TF-IDF features and an ensemble of calibrated heads. */
export class TextClassifier {
  private readonly index: Map<string, number>;

  private constructor(
    readonly labels: string[],
    private readonly vectorizer: TfidfVectorizer,
    private readonly heads: TrainedHead[],
    private readonly headJson: unknown[],
  ) {
    this.index = new Map(labels.map((l, i) => [l, i]));
  }

  /** @internal */
  static create(labels: string[], vectorizer: TfidfVectorizer, heads: TrainedHead[]): TextClassifier {
    const quantized = heads.map(quantizeHead);
    return new TextClassifier(
      labels,
      vectorizer,
      quantized.map((q) => q.head),
      quantized.map((q) => q.json),
    );
  }

  /** Number of features (vocabulary size). */
  get featureCount(): number {
    return this.vectorizer.size;
  }

  /** Calibrated probabilities of every label, averaged over the ensemble's heads. */
  probabilities(text: string, lang?: string): Float64Array {
    const x = this.vectorizer.transform({ text: textHead(text, MAX_CLASSIFIED_CHARS), lang });
    const C = this.labels.length;
    const p = new Float64Array(C);
    const s = new Float64Array(C);
    let total = 0;
    for (const h of this.heads) {
      const w = h.spec.weight ?? 1;
      softmaxInPlace(headScores(h, x, s), h.temperature);
      for (let c = 0; c < C; c++) p[c] += w * s[c];
      total += w;
    }
    for (let c = 0; c < C; c++) p[c] /= total;
    return p;
  }

  predict(text: string, lang?: string): Prediction {
    const p = this.probabilities(text, lang);
    const ranked = this.labels.map((label, i) => ({ label, score: p[i] }));
    ranked.sort((a, b) => b.score - a.score);
    return { ranked };
  }

  /** Index of a label in `labels`, or -1. */
  labelIndex(label: string): number {
    return this.index.get(label) ?? -1;
  }

  /** The model as a JSON-compatible object (weights int8 + base64). */
  toJSON(): ClassifierJson {
    return { format: FORMAT, labels: this.labels, vectorizer: this.vectorizer.toJSON(), heads: this.headJson };
  }

  serialize(): string {
    return JSON.stringify(this.toJSON());
  }

  static deserialize(json: string): TextClassifier {
    return TextClassifier.fromJSON(JSON.parse(json) as ClassifierJson);
  }

  static fromJSON(data: ClassifierJson): TextClassifier {
    if (data.format !== FORMAT) throw new Error(`Unknown model format: ${String(data.format)}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const heads: TrainedHead[] = data.heads.map((h: any) => {
      if (h.kind === 'linear') {
        return {
          kind: 'linear',
          spec: h.spec,
          temperature: h.temperature,
          head: { classes: h.classes, weights: decodeInt8(h.weights.q), rowScale: decodeFloat32(h.weights.scale), bias: decodeFloat32(h.bias) },
        };
      }
      return {
        kind: 'mlp',
        spec: h.spec,
        temperature: h.temperature,
        head: {
          classes: h.classes,
          hidden: h.hidden,
          w1: decodeInt8(h.w1.q),
          w1Scale: decodeFloat32(h.w1.scale),
          b1: decodeFloat32(h.b1),
          w2: decodeInt8(h.w2.q),
          w2Scale: decodeFloat32(h.w2.scale),
          b2: decodeFloat32(h.b2),
        },
      };
    });
    return new TextClassifier(data.labels, TfidfVectorizer.fromJSON(data.vectorizer), heads, data.heads);
  }
}

export function deserialize(json: string): TextClassifier {
  return TextClassifier.deserialize(json);
}

function fitHead(spec: HeadSpec, X: ReturnType<typeof toCsr>, y: Int32Array, classes: number, seed: number): TrainedHead {
  const s = spec.seed ?? seed;
  switch (spec.kind) {
    case 'svm':
      return { kind: 'linear', spec, temperature: 1, head: trainOvrSvm(X, y, classes, { C: spec.C, loss: spec.loss, seed: s }) };
    case 'softmax':
      return {
        kind: 'linear',
        spec,
        temperature: 1,
        head: trainSoftmax(X, y, classes, { lambda: spec.lambda, epochs: spec.epochs, eta: spec.eta, seed: s }),
      };
    case 'mlp':
      return {
        kind: 'mlp',
        spec,
        temperature: 1,
        head: trainMlp(X, y, classes, {
          hidden: spec.hidden,
          epochs: spec.epochs,
          eta: spec.eta,
          dropout: spec.dropout,
          inputDropout: spec.inputDropout,
          seed: s,
        }),
      };
  }
}

function fitAll(examples: Example[], labels: string[], options: TrainOptions, heads: HeadSpec[]) {
  const index = new Map(labels.map((l, i) => [l, i]));
  const vectorizer = new TfidfVectorizer(options.features).fit(examples);
  const X = toCsr(
    examples.map((e) => vectorizer.transform(e)),
    vectorizer.size,
  );
  const y = Int32Array.from(examples.map((e) => index.get(e.label)!));
  const trained = heads.map((spec, k) => {
    const t0 = Date.now();
    const h = fitHead(spec, X, y, labels.length, (options.seed ?? 1) + 101 * k);
    options.onProgress?.(`trained ${spec.kind} on ${examples.length} examples in ${Date.now() - t0} ms`);
    return h;
  });
  return { vectorizer, trained };
}

/**
 * Trains a classifier: TF-IDF features (word and character n-grams), then every head of the
 * ensemble; heads without a temperature get one fitted on a stratified hold-out.
 */
export function train(examples: Example[], options: TrainOptions = {}): TextClassifier {
  if (examples.length === 0) throw new Error('No training examples');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const specs = options.heads ?? [{ kind: 'svm', C: 1 }];
  const temperatures = specs.map((s) => s.temperature);
  if (temperatures.some((t) => t === undefined) && labels.length > 1) {
    const holdout = options.calibrationHoldout ?? 0.15;
    const random = seededRandom(options.seed ?? 1);
    const isHeld = examples.map(() => random() < holdout);
    const fitPart = examples.filter((_, i) => !isHeld[i]);
    const seen = new Set(fitPart.map((e) => e.label));
    const heldPart = examples.filter((e, i) => isHeld[i] && seen.has(e.label));
    const missing = specs.filter((s) => s.temperature === undefined);
    const { vectorizer, trained } = fitAll(fitPart, labels, options, missing);
    const xs = heldPart.map((e) => vectorizer.transform(e));
    const gold = Int32Array.from(heldPart.map((e) => labels.indexOf(e.label)));
    let m = 0;
    specs.forEach((s, k) => {
      if (s.temperature !== undefined) return;
      const h = trained[m++];
      temperatures[k] = fitTemperature(
        xs.map((x) => headScores(h, x, new Float64Array(labels.length))),
        gold,
      );
      options.onProgress?.(`temperature of ${s.kind}: ${temperatures[k]!.toFixed(3)}`);
    });
  }
  const { vectorizer, trained } = fitAll(examples, labels, options, specs);
  trained.forEach((h, k) => (h.temperature = temperatures[k] ?? 1));
  return TextClassifier.create(labels, vectorizer, trained);
}
