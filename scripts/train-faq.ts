/**
 * Build step: trains the FAQ classifier on the shipped data (resources/banking77/train.csv +
 * resources/faq/examples.<lang>.csv) and writes build/faq-model.json (or the path given).
 *
 *   ts-node scripts/train-faq.ts [--force] [out.json]
 *
 * Part of `npm run build`: an artifact already built from the same data and options is kept.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import {
  defaultFaqModelPath,
  FaqClassifier,
  FaqModelArtifact,
  faqTrainingFingerprint,
  loadFaqTrainingData,
  trainFaqClassifier,
} from '../src/skill/faq/classifier';

function isUpToDate(path: string): boolean {
  if (!existsSync(path)) return false;
  const artifact = JSON.parse(readFileSync(path, 'utf8')) as FaqModelArtifact;
  return artifact.fingerprint === faqTrainingFingerprint(loadFaqTrainingData());
}

function main(): void {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const out = resolve(args.find((arg) => !arg.startsWith('--')) ?? defaultFaqModelPath());
  if (!force && isUpToDate(out)) {
    console.error(`train-faq: ${out} is up to date`);
    return;
  }
  const { artifact } = trainFaqClassifier({ onProgress: (m) => console.error(`train-faq: ${m}`) });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(artifact));
  const t0 = Date.now();
  const loaded = FaqClassifier.fromArtifact(JSON.parse(readFileSync(out, 'utf8')) as FaqModelArtifact);
  const loadMs = Date.now() - t0;
  const probe = loaded.classify('my card still has not arrived');
  console.error(`train-faq: ${artifact.examples} examples, ${loaded.model.featureCount} features, trained in ${(artifact.trainingMs / 1000).toFixed(1)} s`);
  console.error(`train-faq: wrote ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB), loads in ${loadMs} ms; probe -> ${probe.topic}`);
}

main();
