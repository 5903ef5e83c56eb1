/**
 * Build step: trains the FAQ classifier on the shipped data (resources/banking77/train.csv +
 * resources/faq/examples.<lang>.csv) and writes build/faq-model.json (or the path given).
 *
 *   ts-node scripts/train-faq.ts [out.json]
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { defaultFaqModelPath, FaqClassifier, FaqModelArtifact, trainFaqClassifier } from '../src/faq/classifier';

function main(): void {
  const out = resolve(process.argv[2] ?? defaultFaqModelPath());
  const { artifact } = trainFaqClassifier({ onProgress: (m) => console.error(`train-faq: ${m}`) });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(artifact));
  const t0 = Date.now();
  const loaded = FaqClassifier.fromArtifact(JSON.parse(readFileSync(out, 'utf8')) as FaqModelArtifact);
  const loadMs = Date.now() - t0;
  const probe = loaded.classify('my card still has not arrived');
  console.error(
    `train-faq: ${artifact.examples} examples, ${loaded.model.featureCount} features, trained in ${(artifact.trainingMs / 1000).toFixed(1)} s`,
  );
  console.error(`train-faq: wrote ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB), loads in ${loadMs} ms; probe -> ${probe.topic}`);
}

main();
