import { accuracy } from '../../classifiers';

/** Recall of each label present in `gold` (share of its examples predicted as it). */
export function recallByLabel(gold: string[], predicted: string[]): Record<string, number> {
  const total = new Map<string, number>();
  const hit = new Map<string, number>();
  gold.forEach((g, i) => {
    total.set(g, (total.get(g) ?? 0) + 1);
    if (predicted[i] === g) hit.set(g, (hit.get(g) ?? 0) + 1);
  });
  return Object.fromEntries([...total.keys()].sort().map((l) => [l, (hit.get(l) ?? 0) / total.get(l)!]));
}

/** Accuracy per group (e.g. per language). */
export function accuracyByGroup(gold: string[], predicted: string[], groups: string[]): Record<string, number> {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  return Object.fromEntries(
    [...byGroup.entries()].map(([g, idx]) => [
      g,
      accuracy(
        idx.map((i) => gold[i]),
        idx.map((i) => predicted[i]),
      ),
    ]),
  );
}

/** Confusion counts: gold label -> predicted label -> count. */
export function confusion(gold: string[], predicted: string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  gold.forEach((g, i) => {
    out[g] ??= {};
    out[g][predicted[i]] = (out[g][predicted[i]] ?? 0) + 1;
  });
  return out;
}
