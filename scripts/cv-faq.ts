/**
 * k-fold (default 5) stratified cross-validation of the FAQ classifier on Banking77's training
 * split: each fold trains on the other folds' English questions plus all the hand-written
 * examples in the other languages (exactly what the shipped model sees), with the shipped
 * options, and classifies the held-out English questions.
 *
 *   ts-node scripts/cv-faq.ts [--folds 5] [--jobs 2] [--langs]
 *
 * `--langs` also cross-validates the hand-written examples (4-fold: the n-th example of each
 * topic and language in fold n mod 4, so with 8 per topic two are held out each time) and prints
 * their accuracy per language.
 * Progress goes to stderr; the last stdout line is {"accuracy","macro_f1","n","p50_ms","p99_ms"}.
 */
import { fork } from 'child_process';
import { accuracy, macroF1, percentile, roundResult, stratifiedFolds, train } from '../src/classifiers';
import type { Example } from '../src/classifiers';
import { FAQ_TRAIN_OPTIONS, loadFaqTrainingData } from '../src/skill/faq/classifier';

interface FoldOutput {
  indices: number[];
  predicted: string[];
  confidence: number[];
  times: number[];
  trainMs: number;
}

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const K = opt('folds', 5);
const JOBS = opt('jobs', 2);
const LANGS = args.includes('--langs');

function splitFor(task: string): { examples: Example[]; testIdx: number[]; trainIdx: number[] } {
  const examples = loadFaqTrainingData();
  const [kind, foldStr] = task.split(':');
  const fold = Number(foldStr);
  if (kind === 'en') {
    const en = examples.map((e, i) => ({ e, i })).filter(({ e }) => e.lang === 'en');
    const folds = stratifiedFolds(
      en.map(({ e }) => e.label),
      K,
    );
    const testIdx = en.filter((_, j) => folds[j] === fold).map(({ i }) => i);
    const test = new Set(testIdx);
    return { examples, testIdx, trainIdx: examples.map((_, i) => i).filter((i) => !test.has(i)) };
  }
  // Hand-written examples: the n-th example of each (language, topic) is in fold n % 4.
  const seen = new Map<string, number>();
  const testIdx: number[] = [];
  examples.forEach((e, i) => {
    if (e.lang === 'en') return;
    const key = `${e.lang}\t${e.label}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n % 4 === fold) testIdx.push(i);
  });
  const test = new Set(testIdx);
  return { examples, testIdx, trainIdx: examples.map((_, i) => i).filter((i) => !test.has(i)) };
}

function runFold(task: string): FoldOutput {
  const { examples, testIdx, trainIdx } = splitFor(task);
  const t0 = Date.now();
  const model = train(
    trainIdx.map((i) => examples[i]),
    FAQ_TRAIN_OPTIONS,
  );
  const classifier = {
    classify: (text: string, lang?: string) => {
      const [best] = model.predict(text, lang).ranked;
      return { topic: best.label, confidence: best.score };
    },
  };
  const trainMs = Date.now() - t0;
  for (const i of testIdx.slice(0, 200)) classifier.classify(examples[i].text, examples[i].lang);
  const times: number[] = [];
  const predicted: string[] = [];
  const confidence: number[] = [];
  for (const i of testIdx) {
    const s = process.hrtime.bigint();
    const r = classifier.classify(examples[i].text, examples[i].lang);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
    predicted.push(r.topic);
    confidence.push(r.confidence);
  }
  return { indices: testIdx, predicted, confidence, times, trainMs };
}

function runInChild(task: string): Promise<FoldOutput> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', task, '--folds', String(K)], {
      execArgv: ['-r', 'ts-node/register'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    child.once('message', (m) => resolve(m as FoldOutput));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`fold ${task} exited with ${code}`))));
  });
}

async function runAll(tasks: string[]): Promise<FoldOutput[]> {
  const out: FoldOutput[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const k = next++;
      const t0 = Date.now();
      out[k] = await runInChild(tasks[k]);
      console.error(`fold ${tasks[k]}: ${out[k].indices.length} questions, trained in ${out[k].trainMs} ms (${Date.now() - t0} ms)`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, tasks.length) }, worker));
  return out;
}

/** Expected calibration error of the top-1 confidence (10 bins). */
function ece(conf: number[], correct: boolean[]): number {
  let total = 0;
  for (let b = 0; b < 10; b++) {
    const idx = conf.map((c, i) => i).filter((i) => Math.min(9, Math.floor(conf[i] * 10)) === b);
    if (idx.length === 0) continue;
    const acc = idx.filter((i) => correct[i]).length / idx.length;
    const avg = idx.reduce((s, i) => s + conf[i], 0) / idx.length;
    total += (idx.length / conf.length) * Math.abs(acc - avg);
  }
  return total;
}

async function main(): Promise<void> {
  const childAt = args.indexOf('--child');
  if (childAt >= 0) {
    process.send!(runFold(args[childAt + 1]), () => process.exit(0));
    return;
  }
  const examples = loadFaqTrainingData();
  const t0 = Date.now();
  if (LANGS) {
    const outs = await runAll([0, 1, 2, 3].map((f) => `xx:${f}`));
    const byLang = new Map<string, { gold: string[]; pred: string[] }>();
    for (const o of outs)
      o.indices.forEach((i, k) => {
        const e = examples[i];
        const entry = byLang.get(e.lang!) ?? { gold: [], pred: [] };
        entry.gold.push(e.label);
        entry.pred.push(o.predicted[k]);
        byLang.set(e.lang!, entry);
      });
    for (const [lang, { gold, pred }] of byLang)
      console.error(`lang ${lang}: accuracy ${accuracy(gold, pred).toFixed(4)} macro_f1 ${macroF1(gold, pred).toFixed(4)} n ${gold.length}`);
  }
  const outs = await runAll(Array.from({ length: K }, (_, f) => `en:${f}`));
  const gold: string[] = [];
  const pred: string[] = [];
  const conf: number[] = [];
  const times: number[] = [];
  for (const o of outs) {
    o.indices.forEach((i, k) => {
      gold.push(examples[i].label);
      pred.push(o.predicted[k]);
      conf.push(o.confidence[k]);
    });
    times.push(...o.times);
  }
  const correct = gold.map((g, i) => g === pred[i]);
  console.error(
    `cv: ${K} folds in ${((Date.now() - t0) / 1000).toFixed(0)} s; mean training ${(outs.reduce((s, o) => s + o.trainMs, 0) / outs.length / 1000).toFixed(1)} s per fold`,
  );
  console.error(
    `cv: top-1 expected calibration error ${ece(conf, correct).toFixed(4)}; mean confidence ${(conf.reduce((a, b) => a + b, 0) / conf.length).toFixed(4)}`,
  );
  const result = {
    accuracy: accuracy(gold, pred),
    macro_f1: macroF1(gold, pred),
    n: gold.length,
    p50_ms: percentile(times, 50),
    p99_ms: percentile(times, 99),
  };
  process.stdout.write(JSON.stringify(roundResult(result)) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
