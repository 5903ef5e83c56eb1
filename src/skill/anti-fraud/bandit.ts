/**
 * Which persuasion script to speak, learned from outcomes: Thompson sampling over a Beta
 * posterior per (scam type, emotion, variant). A success is a user who did not release the
 * money after hearing the variant.
 */

export interface VariantRecord {
  variant: string;
  successes: number;
  trials: number;
}

/**
 * Prior: Beta(2, 1), i.e. a warning is assumed to work more often than not (published figures for
 * such agents: most warned users stop), yet one or two outcomes already move it.
 */
export const PRIOR = { successes: 2, failures: 1 } as const;

export type Random = () => number;

/** Standard normal by Box-Muller. */
function sampleNormal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 through the boost Gamma(shape + 1) * U^(1/shape). */
function sampleGamma(shape: number, random: Random): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}

/** Draws each variant's success rate from its posterior and picks the highest draw. */
export function chooseVariant(variants: readonly string[], records: readonly VariantRecord[], random: Random = Math.random): string {
  if (variants.length === 0) throw new Error('no variant to choose from');
  let best = variants[0];
  let bestDraw = -1;
  for (const variant of variants) {
    const record = records.find((candidate) => candidate.variant === variant);
    const successes = record?.successes ?? 0;
    const failures = (record?.trials ?? 0) - successes;
    const draw = sampleBeta(PRIOR.successes + successes, PRIOR.failures + failures, random);
    if (draw > bestDraw) {
      best = variant;
      bestDraw = draw;
    }
  }
  return best;
}

/** Posterior mean success rate, for reports. */
export function posteriorMean(record: VariantRecord): number {
  return (PRIOR.successes + record.successes) / (PRIOR.successes + PRIOR.failures + record.trials);
}
