import { seededRandom } from '../shared/random';
import { shuffle } from './linear';

export function accuracy(gold: string[], predicted: string[]): number {
  if (gold.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) ok++;
  return ok / gold.length;
}

/** Macro-averaged F1 over the labels present in `gold` (a label never predicted scores 0). */
export function macroF1(gold: string[], predicted: string[]): number {
  const labels = [...new Set(gold)];
  if (labels.length === 0) return 0;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] === predicted[i]) tp.set(gold[i], (tp.get(gold[i]) ?? 0) + 1);
    else {
      fp.set(predicted[i], (fp.get(predicted[i]) ?? 0) + 1);
      fn.set(gold[i], (fn.get(gold[i]) ?? 0) + 1);
    }
  }
  let sum = 0;
  for (const l of labels) {
    const t = tp.get(l) ?? 0;
    const denom = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    sum += denom === 0 ? 0 : (2 * t) / denom;
  }
  return sum / labels.length;
}

/** The q-th percentile (0..100) by linear interpolation. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Stratified k-fold split: returns, for each example, its fold number in [0, k). Every label's
 * examples are spread round-robin over the folds after a seeded shuffle.
 */
export function stratifiedFolds(labels: string[], k: number, seed = 42): Int32Array {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l) ?? [];
    list.push(i);
    byLabel.set(l, list);
  });
  const fold = new Int32Array(labels.length);
  let offset = 0;
  for (const l of [...byLabel.keys()].sort()) {
    const list = byLabel.get(l)!;
    shuffle(list, random);
    list.forEach((i, j) => (fold[i] = (j + offset) % k));
    offset += list.length;
  }
  return fold;
}

export interface EvaluationResult {
  accuracy: number;
  macro_f1: number;
  n: number;
  p50_ms: number;
  p99_ms: number;
}

/**
 * Rounds the metrics for a one-line JSON report. Other fields of `r` (e.g. per-label figures)
 * are kept; their numbers are rounded to 4 decimals, inside objects too.
 */
export function roundResult<T extends EvaluationResult>(r: T): T {
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  const roundDeep = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isInteger(v) ? v : round(v, 4);
    if (Array.isArray(v)) return v.map(roundDeep);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)]));
    return v;
  };
  return {
    ...(roundDeep(r) as T),
    accuracy: round(r.accuracy, 4),
    macro_f1: round(r.macro_f1, 4),
    n: r.n,
    p50_ms: round(r.p50_ms, 3),
    p99_ms: round(r.p99_ms, 3),
  };
}
