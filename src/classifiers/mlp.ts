import { seededRandom } from '../shared/random';
import { Csr, shuffle, softmaxLossGradient } from './linear';
import type { SparseVector } from './vectorizer';

/**
 * One hidden ReLU layer over sparse inputs; weights of the first layer feature-major. A loaded
 * model keeps its weights as int8 with one scale per row (w1Scale per feature, w2Scale per
 * hidden unit): a quarter of the memory, and nothing to expand when it loads.
 */
export interface MlpHead {
  classes: number;
  hidden: number;
  /** [features x hidden] */
  w1: Float32Array | Int8Array;
  w1Scale?: Float32Array;
  b1: Float32Array;
  /** [hidden x classes] */
  w2: Float32Array | Int8Array;
  w2Scale?: Float32Array;
  b2: Float32Array;
}

export interface MlpOptions {
  hidden?: number;
  epochs?: number;
  /** Initial learning rate, decaying linearly (default 0.2). */
  eta?: number;
  /** Dropout rate of the hidden layer in training (default 0.3). */
  dropout?: number;
  /** Dropout rate of the input features in training (default 0). */
  inputDropout?: number;
  /** L2 penalty on the weights applied per update (default 1e-6). */
  lambda?: number;
  seed?: number;
}

let hiddenBuffer = new Float64Array(256);

export function mlpScores(head: MlpHead, x: SparseVector, out: Float64Array = new Float64Array(head.classes)): Float64Array {
  const H = head.hidden;
  const C = head.classes;
  if (hiddenBuffer.length < H) hiddenBuffer = new Float64Array(H);
  const h = hiddenBuffer;
  for (let j = 0; j < H; j++) h[j] = head.b1[j];
  const { w1, w1Scale, w2, w2Scale } = head;
  for (let k = 0; k < x.indices.length; k++) {
    const f = x.indices[k];
    const base = f * H;
    const v = w1Scale ? x.values[k] * w1Scale[f] : x.values[k];
    for (let j = 0; j < H; j++) h[j] += w1[base + j] * v;
  }
  for (let c = 0; c < C; c++) out[c] = head.b2[c];
  for (let j = 0; j < H; j++) {
    if (h[j] <= 0) continue;
    const a = w2Scale ? h[j] * w2Scale[j] : h[j];
    const base = j * C;
    for (let c = 0; c < C; c++) out[c] += w2[base + c] * a;
  }
  return out;
}

/** Trains the network by SGD with softmax cross-entropy; returns logits-producing weights. */
export function trainMlp(X: Csr, labels: Int32Array, classes: number, options: MlpOptions = {}): MlpHead {
  const H = options.hidden ?? 256;
  const C = classes;
  const epochs = options.epochs ?? 10;
  const eta0 = options.eta ?? 0.2;
  const dropout = options.dropout ?? 0.3;
  const lambda = options.lambda ?? 1e-6;
  const inKeep = 1 - (options.inputDropout ?? 0);
  let xin = new Float64Array(64);
  const random = seededRandom(options.seed ?? 11);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const w1 = new Float32Array(X.cols * H);
  const s1 = 0.1;
  for (let i = 0; i < w1.length; i++) w1[i] = gauss() * s1;
  const b1 = new Float32Array(H);
  const w2 = new Float32Array(H * C);
  const s2 = Math.sqrt(2 / (H + C));
  for (let i = 0; i < w2.length; i++) w2[i] = gauss() * s2;
  const b2 = new Float32Array(C);
  const { rows, indptr, indices, values } = X;
  const h = new Float64Array(H);
  const mask = new Float64Array(H);
  const o = new Float64Array(C);
  const dh = new Float64Array(H);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const total = epochs * rows;
  const keep = 1 - dropout;
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (let r = 0; r < rows; r++, t++) {
      const i = order[r];
      const eta = eta0 * (1 - t / total) + 1e-4;
      const start = indptr[i];
      const end = indptr[i + 1];
      if (xin.length < end - start) xin = new Float64Array(2 * (end - start));
      for (let k = start; k < end; k++) xin[k - start] = inKeep === 1 || random() < inKeep ? values[k] / inKeep : 0;
      for (let j = 0; j < H; j++) h[j] = b1[j];
      for (let k = start; k < end; k++) {
        const v = xin[k - start];
        if (v === 0) continue;
        const base = indices[k] * H;
        for (let j = 0; j < H; j++) h[j] += w1[base + j] * v;
      }
      for (let j = 0; j < H; j++) {
        mask[j] = h[j] > 0 && random() < keep ? 1 / keep : 0;
        h[j] *= mask[j];
      }
      let max = -Infinity;
      for (let c = 0; c < C; c++) o[c] = b2[c];
      for (let j = 0; j < H; j++) {
        const a = h[j];
        if (a === 0) continue;
        const base = j * C;
        for (let c = 0; c < C; c++) o[c] += w2[base + c] * a;
      }
      for (let c = 0; c < C; c++) if (o[c] > max) max = o[c];
      softmaxLossGradient(o, max, labels[i]);
      // Backward: hidden gradient first (uses w2 before its update).
      for (let j = 0; j < H; j++) {
        if (mask[j] === 0) {
          dh[j] = 0;
          continue;
        }
        const base = j * C;
        let g = 0;
        for (let c = 0; c < C; c++) g += w2[base + c] * o[c];
        dh[j] = g * mask[j];
        const a = h[j];
        for (let c = 0; c < C; c++) w2[base + c] -= eta * (o[c] * a + lambda * w2[base + c]);
      }
      for (let c = 0; c < C; c++) b2[c] -= eta * o[c];
      for (let k = start; k < end; k++) {
        const v = xin[k - start] * eta;
        if (v === 0) continue;
        const base = indices[k] * H;
        for (let j = 0; j < H; j++) w1[base + j] -= dh[j] * v + eta * lambda * w1[base + j];
      }
      for (let j = 0; j < H; j++) b1[j] -= eta * dh[j];
    }
  }
  return { classes, hidden: H, w1, b1, w2, b2 };
}
