import { charNgrams, normalizeText, NormalizeOptions, skipPairs, wordNgrams, wordTokens } from './text';
import { decodeFloat32, encodeFloat32 } from './codec';

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface NgramRange {
  min: number;
  max: number;
  /** Multiplier of this block after its own L2 normalisation (default 1). */
  weight?: number;
}

export interface FeatureOptions {
  normalize?: NormalizeOptions;
  /** Word n-grams; default 1-2. `false` turns the block off. */
  word?: NgramRange | false;
  /** Character n-grams inside word boundaries; default 2-5. `false` turns the block off. */
  char?: NgramRange | false;
  /**
   * Ordered word pairs with a gap (distance 2..window), e.g. "card ~ arrived" in
   * "card has not arrived": a cheap stand-in for feature interactions. Default off.
   */
  skip?: { window: number; weight?: number } | false;
  /** tf -> 1 + ln(tf) (default true). */
  sublinearTf?: boolean;
  /** Keep terms seen in at least this many training texts (default 1). */
  minDf?: number;
}

export interface Document {
  text: string;
  lang?: string;
}

type Block = 'word' | 'char' | 'skip';
const BLOCKS: Block[] = ['word', 'char', 'skip'];

export const DEFAULT_FEATURES: Required<Omit<FeatureOptions, 'normalize'>> & { normalize: NormalizeOptions } = {
  normalize: {},
  word: { min: 1, max: 2, weight: 1 },
  char: { min: 2, max: 5, weight: 1 },
  skip: false,
  sublinearTf: true,
  minDf: 1,
};

export interface VectorizerJson {
  options: FeatureOptions;
  /** Terms of the blocks `word`, `char` and `skip` in this order, one per line. */
  terms: string;
  blockSizes: number[];
  idf: string;
}

/** TF-IDF over word n-grams and character n-grams, each block L2-normalised then weighted. */
export class TfidfVectorizer {
  readonly options: typeof DEFAULT_FEATURES;
  private vocab: Map<string, number>[] = [];
  private blockSizes: number[] = [];
  private idf: Float32Array = new Float32Array(0);

  constructor(options: FeatureOptions = {}) {
    this.options = { ...DEFAULT_FEATURES, ...options, normalize: { ...DEFAULT_FEATURES.normalize, ...options.normalize } };
  }

  get size(): number {
    return this.idf.length;
  }

  /** The terms of one text per block (with repetitions). */
  analyze(doc: Document): string[][] {
    const norm = normalizeText(doc.text, this.options.normalize);
    const words = wordTokens(norm, doc.lang);
    const w = this.options.word;
    const c = this.options.char;
    const k = this.options.skip;
    return [w ? wordNgrams(words, w.min, w.max) : [], c ? charNgrams(norm, words, c.min, c.max) : [], k ? skipPairs(words, k.window) : []];
  }

  fit(docs: Document[]): this {
    const df = BLOCKS.map(() => new Map<string, number>());
    for (const doc of docs) {
      const blocks = this.analyze(doc);
      blocks.forEach((terms, b) => {
        for (const t of new Set(terms)) df[b].set(t, (df[b].get(t) ?? 0) + 1);
      });
    }
    const n = docs.length;
    const idf: number[] = [];
    this.vocab = [];
    this.blockSizes = [];
    for (let b = 0; b < BLOCKS.length; b++) {
      const map = new Map<string, number>();
      const terms = [...df[b].entries()].filter(([, d]) => d >= this.options.minDf).sort((x, y) => (x[0] < y[0] ? -1 : 1));
      for (const [term, d] of terms) {
        map.set(term, idf.length);
        idf.push(Math.log((1 + n) / (1 + d)) + 1);
      }
      this.vocab.push(map);
      this.blockSizes.push(terms.length);
    }
    this.idf = Float32Array.from(idf);
    return this;
  }

  transform(doc: Document): SparseVector {
    const blocks = this.analyze(doc);
    const idx: number[] = [];
    const val: number[] = [];
    blocks.forEach((terms, b) => {
      const range = this.options[BLOCKS[b]];
      if (!range) return;
      const counts = new Map<number, number>();
      const map = this.vocab[b];
      for (const t of terms) {
        const i = map.get(t);
        if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
      }
      const start = idx.length;
      let norm = 0;
      for (const [i, tf] of counts) {
        const v = (this.options.sublinearTf ? 1 + Math.log(tf) : tf) * this.idf[i];
        idx.push(i);
        val.push(v);
        norm += v * v;
      }
      if (norm > 0) {
        const scale = (range.weight ?? 1) / Math.sqrt(norm);
        for (let k = start; k < val.length; k++) val[k] *= scale;
      }
    });
    return { indices: Int32Array.from(idx), values: Float32Array.from(val) };
  }

  toJSON(): VectorizerJson {
    const terms: string[] = [];
    for (const map of this.vocab) for (const t of map.keys()) terms.push(t);
    return { options: this.options, terms: terms.join('\n'), blockSizes: this.blockSizes, idf: encodeFloat32(this.idf) };
  }

  static fromJSON(json: VectorizerJson): TfidfVectorizer {
    const v = new TfidfVectorizer(json.options);
    const terms = json.terms.length ? json.terms.split('\n') : [];
    let offset = 0;
    v.vocab = json.blockSizes.map((size) => {
      const map = new Map<string, number>();
      for (let k = 0; k < size; k++) map.set(terms[offset + k], offset + k);
      offset += size;
      return map;
    });
    v.blockSizes = [...json.blockSizes];
    v.idf = decodeFloat32(json.idf);
    return v;
  }
}
