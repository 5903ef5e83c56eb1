/**
 * Build step: trains the understanding model (per language, the skill's intents from models/ and
 * the FAQ topics from resources/banking77 + resources/faq) and writes
 * build/understanding-model.json (or the path given). The languages are trained in parallel
 * child processes (`--jobs`, default: the number of cores, at most 2 on the project's machines).
 *
 *   ts-node scripts/train-understanding.ts [--force] [--jobs N] [out.json]
 *
 * Part of `npm run build`: an artifact already built from the same data and options is kept.
 */
import { fork } from 'child_process';
import { existsSync, mkdirSync, statSync } from 'fs';
import { availableParallelism } from 'os';
import { dirname, resolve } from 'path';
import { ClassifierJson, TextClassifier } from '../src/classifiers';
import type { Language } from '../src/shared/languages';
import {
  defaultUnderstandingModelPath,
  loadUnderstandingExamples,
  readUnderstandingArtifact,
  trainLanguage,
  understandingFingerprint,
  UnderstandingModel,
  withArtifact,
  writeUnderstandingArtifact,
} from '../src/skill/nlu/understanding';

const log = (message: string) => console.error(`train-understanding: ${message}`);

/** In a child: trains one language and sends its classifier back. */
function trainChild(lang: Language): void {
  const examples = loadUnderstandingExamples().get(lang) ?? [];
  const t0 = Date.now();
  const model = trainLanguage(examples);
  log(`${lang}: ${examples.length} examples in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.send?.(model.toJSON(), () => process.exit(0));
}

function trainInChild(lang: Language): Promise<TextClassifier> {
  return new Promise((resolvePromise, reject) => {
    // Compiled (npm run build) the children run plain JavaScript; under ts-node they need its hook.
    const execArgv = __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
    const child = fork(__filename, ['--child', lang], { execArgv });
    child.once('message', (json) => resolvePromise(TextClassifier.fromJSON(json as ClassifierJson)));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`training ${lang} exited with ${code}`))));
  });
}

async function main(args: string[]): Promise<void> {
  const childAt = args.indexOf('--child');
  if (childAt >= 0) return trainChild(args[childAt + 1] as Language);
  const force = args.includes('--force');
  const jobsAt = args.indexOf('--jobs');
  const jobs = Math.max(1, jobsAt >= 0 ? Number(args[jobsAt + 1]) : Math.min(2, availableParallelism()));
  const out = resolve(args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--jobs') ?? defaultUnderstandingModelPath());
  const examples = loadUnderstandingExamples();
  if (!force && existsSync(out)) {
    if (readUnderstandingArtifact(out).fingerprint === understandingFingerprint(examples)) return log(`${out} is up to date`);
  }
  const t0 = Date.now();
  // Largest first, so that the long English training overlaps all the others.
  const queue = [...examples.keys()].sort((a, b) => (examples.get(b)?.length ?? 0) - (examples.get(a)?.length ?? 0));
  const models = new Map<Language, TextClassifier>();
  const worker = async () => {
    for (let lang = queue.shift(); lang; lang = queue.shift()) models.set(lang, await trainInChild(lang));
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const { artifact } = withArtifact(models, examples, Date.now() - t0);
  mkdirSync(dirname(out), { recursive: true });
  writeUnderstandingArtifact(out, artifact);
  const t1 = Date.now();
  const loaded = UnderstandingModel.fromArtifact(readUnderstandingArtifact(out));
  const probe = loaded.understand('my card still has not arrived', 'en')[0].label;
  log(`${artifact.examples} examples, trained in ${(artifact.trainingMs / 1000).toFixed(1)} s with ${jobs} jobs`);
  log(`wrote ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB), loads in ${Date.now() - t1} ms; probe -> ${probe}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
