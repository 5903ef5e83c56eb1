/**
 * The FAQ classifier (src/skill/faq, `loadFaqClassifier()` → `{ classify(text) }`), measured in its own
 * process (`node --expose-gc faq-probe.js`): load time, memory the loaded model holds, and
 * per-question latency over real customer questions. Reports "not available" while src/skill/faq
 * has no such export.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '../lib/stats';

export interface FaqReport {
  type: 'faq';
  available: boolean;
  note?: string;
  module?: string;
  loadMs?: number;
  heapMb?: number;
  rssMb?: number;
  questions?: number;
  p50Ms?: number;
  p99Ms?: number;
}

interface FaqClassifier {
  classify(text: string): unknown;
}

/** `loadFaqClassifier()`; progress notes (e.g. "artifact missing: training in-process") are recorded if it reports them. */
type Loader = (options?: { onProgress?: (message: string) => void }) => FaqClassifier | Promise<FaqClassifier>;

/** src/skill/faq in the flavour this file runs in (dist/src/skill/faq compiled, src/skill/faq under ts-node). */
const FAQ_DIR = join(__dirname, '..', '..', 'src', 'skill', 'faq');
const PROJECT_ROOT = join(__dirname, '..', '..', ...(__filename.endsWith('.ts') ? [] : ['..']));

/** index first; other modules of the folder only if index does not export the loader. */
function faqModules(): string[] {
  if (!existsSync(FAQ_DIR)) return [];
  const extension = __filename.endsWith('.ts') ? '.ts' : '.js';
  const files = readdirSync(FAQ_DIR).filter((file) => file.endsWith(extension) && !file.endsWith('.d.ts'));
  files.sort((a, b) => Number(b.startsWith('index.')) - Number(a.startsWith('index.')) || a.localeCompare(b));
  return files.map((file) => join(FAQ_DIR, file));
}

const FALLBACK_QUESTIONS = [
  'How do I top up my wallet?',
  'Why was my card declined?',
  'How long does a transfer take?',
  'Can I change my voice code?',
  'What are the fees for sending money abroad?',
  'How do I report a suspicious payment?',
  'My card has not arrived yet',
  'How do I close my account?',
];

/** Up to `limit` texts spread evenly over a `text,category` CSV. */
function csvTexts(file: string, limit: number): string[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  const step = Math.max(1, Math.floor(lines.length / limit));
  const texts: string[] = [];
  for (let index = 0; index < lines.length && texts.length < limit; index += step) {
    const line = lines[index];
    const text = line.startsWith('"') ? line.slice(1, line.lastIndexOf('"')).replace(/""/g, '"') : line.slice(0, line.lastIndexOf(','));
    if (text) texts.push(text);
  }
  return texts;
}

/**
 * Customer questions the repository holds: Banking77 (English) and the FAQ examples of the
 * other languages (tokenizing Japanese or Chinese may cost differently), else a few typical ones.
 */
export function benchQuestions(): string[] {
  const english = csvTexts(join(PROJECT_ROOT, 'resources', 'banking77', 'train.csv'), 300);
  const faqDir = join(PROJECT_ROOT, 'resources', 'faq');
  const others = existsSync(faqDir)
    ? readdirSync(faqDir)
        .filter((file) => /^examples\.[a-z]{2}\.csv$/.test(file))
        .sort()
        .flatMap((file) => csvTexts(join(faqDir, file), 40))
    : [];
  const texts = [...english, ...others];
  return texts.length > 0 ? texts : FALLBACK_QUESTIONS;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const MB = 1024 * 1024;

export async function probeFaq(options: { warmup: number; measured: number }): Promise<FaqReport> {
  const candidates = faqModules();
  if (candidates.length === 0) return { type: 'faq', available: false, note: 'src/skill/faq has no modules yet' };

  collectGarbage();
  const before = process.memoryUsage();
  const started = performance.now();
  let loader: Loader | undefined;
  let module: string | undefined;
  for (const candidate of candidates) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(candidate) as { loadFaqClassifier?: Loader };
    if (typeof exported.loadFaqClassifier === 'function') {
      loader = exported.loadFaqClassifier;
      module = candidate;
      break;
    }
  }
  if (!loader) return { type: 'faq', available: false, note: 'no module in src/skill/faq exports loadFaqClassifier() yet' };
  const notes: string[] = [];
  const classifier = await loader({ onProgress: (message) => notes.push(message) });
  const loadMs = performance.now() - started;
  collectGarbage();
  const after = process.memoryUsage();

  const questions = benchQuestions();
  const ask = async (index: number) => {
    const answer = classifier.classify(questions[index % questions.length]);
    if (answer && typeof (answer as Promise<unknown>).then === 'function') await answer;
  };
  for (let index = 0; index < options.warmup; index++) await ask(index);
  const latencies = new Float64Array(options.measured);
  for (let index = 0; index < options.measured; index++) {
    const start = performance.now();
    await ask(index);
    latencies[index] = performance.now() - start;
  }
  return {
    type: 'faq',
    available: true,
    module: module?.replace(/^.*\/src\//, 'src/'),
    ...(notes.length ? { note: notes.slice(0, 2).join('; ') } : {}),
    loadMs,
    heapMb: (after.heapUsed - before.heapUsed) / MB,
    rssMb: (after.rss - before.rss) / MB,
    questions: questions.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

if (require.main === module) {
  probeFaq({ warmup: Number(process.env.FAQ_WARMUP ?? 200), measured: Number(process.env.FAQ_MEASURED ?? 2000) })
    .catch((error: unknown): FaqReport => ({
      type: 'faq',
      available: false,
      note: `failed: ${error instanceof Error ? error.message : String(error)}`,
    }))
    .then((report) => process.send?.(report, () => process.exit(0)));
}
