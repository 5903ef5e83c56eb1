import { seededRandom } from '../shared/random';
import type { SparseVector } from './vectorizer';

/** Rows of sparse vectors in compressed sparse row form. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export function toCsr(vectors: SparseVector[], cols: number): Csr {
  const indptr = new Int32Array(vectors.length + 1);
  let nnz = 0;
  vectors.forEach((v, i) => {
    nnz += v.indices.length;
    indptr[i + 1] = nnz;
  });
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  vectors.forEach((v, i) => {
    indices.set(v.indices, indptr[i]);
    values.set(v.values, indptr[i]);
  });
  return { rows: vectors.length, cols, indptr, indices, values };
}

export function shuffle<T>(arr: T[] | Int32Array, random: () => number, length = arr.length): void {
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
}

/** Linear scores of C classes; weights feature-major: w[f * C + c]. */
export interface LinearHead {
  classes: number;
  /** A loaded model's are int8, with one scale per feature (`rowScale`). */
  weights: Float32Array | Int8Array;
  rowScale?: Float32Array;
  bias: Float32Array;
}

export function linearScores(head: LinearHead, x: SparseVector, out: Float64Array = new Float64Array(head.classes)): Float64Array {
  const C = head.classes;
  const { weights: w, rowScale } = head;
  for (let c = 0; c < C; c++) out[c] = head.bias[c];
  const idx = x.indices;
  const val = x.values;
  for (let k = 0; k < idx.length; k++) {
    const base = idx[k] * C;
    const v = rowScale ? val[k] * rowScale[idx[k]] : val[k];
    for (let c = 0; c < C; c++) out[c] += w[base + c] * v;
  }
  return out;
}

export interface SvmOptions {
  /** Inverse regularisation strength (default 1). */
  C?: number;
  /** 'l2' = squared hinge (default), 'l1' = hinge. */
  loss?: 'l1' | 'l2';
  /** Value of the constant bias feature (default 1). */
  biasScale?: number;
  maxIter?: number;
  eps?: number;
  seed?: number;
  /** Weight of the positive examples' C relative to the negatives' (default 1). */
  positiveWeight?: number;
}

/**
 * One-vs-rest linear SVM, each binary problem solved by dual coordinate descent with
 * shrinking (Hsieh et al. 2008, as in LIBLINEAR's L2R_L2LOSS_SVC_DUAL / L2R_L1LOSS_SVC_DUAL).
 */
export function trainOvrSvm(X: Csr, labels: Int32Array, classes: number, options: SvmOptions = {}): LinearHead {
  const weights = new Float32Array(X.cols * classes);
  const bias = new Float32Array(classes);
  const y = new Int8Array(X.rows);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < X.rows; i++) y[i] = labels[i] === c ? 1 : -1;
    const { w, b } = trainBinarySvm(X, y, { ...options, seed: (options.seed ?? 1) + c });
    for (let f = 0; f < X.cols; f++) weights[f * classes + c] = w[f];
    bias[c] = b;
  }
  return { classes, weights, bias };
}

export function trainBinarySvm(X: Csr, y: Int8Array, options: SvmOptions = {}): { w: Float64Array; b: number } {
  const Cn = options.C ?? 1;
  const Cp = Cn * (options.positiveWeight ?? 1);
  const l2 = (options.loss ?? 'l2') === 'l2';
  const B = options.biasScale ?? 1;
  const maxIter = options.maxIter ?? 1000;
  const eps = options.eps ?? 0.1;
  const random = seededRandom(options.seed ?? 1);
  const { rows, indptr, indices, values } = X;
  const w = new Float64Array(X.cols);
  let wb = 0;
  const alpha = new Float64Array(rows);
  const QD = new Float64Array(rows);
  const diag = (yi: number) => (l2 ? 0.5 / (yi > 0 ? Cp : Cn) : 0);
  const upper = (yi: number) => (l2 ? Infinity : yi > 0 ? Cp : Cn);
  for (let i = 0; i < rows; i++) {
    let s = B * B;
    for (let k = indptr[i]; k < indptr[i + 1]; k++) s += values[k] * values[k];
    QD[i] = s + diag(y[i]);
  }
  const index = new Int32Array(rows);
  for (let i = 0; i < rows; i++) index[i] = i;
  let active = rows;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    shuffle(index, random, active);
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const yi = y[i];
      let dot = wb * B;
      const end = indptr[i + 1];
      for (let k = indptr[i]; k < end; k++) dot += w[indices[k]] * values[k];
      const G = yi * dot - 1 + alpha[i] * diag(yi);
      const U = upper(yi);
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > PGmaxOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else if (alpha[i] === U) {
        if (G < PGminOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        } else if (G > 0) PG = G;
      } else PG = G;
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - G / QD[i], 0), U);
        const d = (alpha[i] - old) * yi;
        for (let k = indptr[i]; k < end; k++) w[indices[k]] += d * values[k];
        wb += d * B;
      }
    }
    if (PGmaxNew - PGminNew <= eps) {
      if (active === rows) break;
      active = rows;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew <= 0 ? Infinity : PGmaxNew;
    PGminOld = PGminNew >= 0 ? -Infinity : PGminNew;
  }
  return { w, b: wb * B };
}

export interface SoftmaxOptions {
  /** L2 penalty per example (default 1e-5). */
  lambda?: number;
  epochs?: number;
  /** Initial learning rate, decaying linearly to 0 (default 0.5). */
  eta?: number;
  seed?: number;
}

/**
 * Multinomial logistic regression by SGD (lazy L2 via a weight scale, linearly decaying
 * learning rate).
 */
export function trainSoftmax(X: Csr, labels: Int32Array, classes: number, options: SoftmaxOptions = {}): LinearHead {
  const C = classes;
  const lambda = options.lambda ?? 1e-5;
  const epochs = options.epochs ?? 15;
  const eta0 = options.eta ?? 0.5;
  const random = seededRandom(options.seed ?? 7);
  const { rows, indptr, indices, values } = X;
  const W = new Float64Array(X.cols * C);
  const b = new Float64Array(C);
  let scale = 1;
  const s = new Float64Array(C);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const total = epochs * rows;
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (let r = 0; r < rows; r++, t++) {
      const i = order[r];
      const eta = eta0 * (1 - t / total) + 1e-4;
      const end = indptr[i + 1];
      for (let c = 0; c < C; c++) s[c] = 0;
      for (let k = indptr[i]; k < end; k++) {
        const base = indices[k] * C;
        const v = values[k];
        for (let c = 0; c < C; c++) s[c] += W[base + c] * v;
      }
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        s[c] = s[c] * scale + b[c];
        if (s[c] > max) max = s[c];
      }
      softmaxLossGradient(s, max, labels[i]);
      scale *= 1 - eta * lambda;
      const step = eta / scale;
      for (let k = indptr[i]; k < end; k++) {
        const base = indices[k] * C;
        const v = values[k] * step;
        for (let c = 0; c < C; c++) W[base + c] -= s[c] * v;
      }
      for (let c = 0; c < C; c++) b[c] -= eta * s[c];
      if (scale < 1e-6) {
        for (let j = 0; j < W.length; j++) W[j] *= scale;
        scale = 1;
      }
    }
  }
  const weights = new Float32Array(W.length);
  for (let j = 0; j < W.length; j++) weights[j] = W[j] * scale;
  return { classes, weights, bias: Float32Array.from(b) };
}

/**
 * Turns the scores of one example into the gradient of its cross-entropy loss, in place:
 * softmax(scores) minus the one-hot label. `max` is the largest score (for a stable exp).
 */
export function softmaxLossGradient(scores: Float64Array, max: number, label: number): void {
  let z = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c] - max);
    z += scores[c];
  }
  for (let c = 0; c < scores.length; c++) scores[c] = scores[c] / z - (c === label ? 1 : 0);
}
