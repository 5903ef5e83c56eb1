import { readFileSync } from 'fs';
import { parse } from 'csv-parse/sync';
import { accuracy, EvaluationResult, macroF1, normalizeText, percentile } from '../../classifiers';
import { FaqClassifier, loadFaqTrainingData } from './classifier';
import { loadUnderstanding } from '../nlu/understanding';

export interface LabelledQuestion {
  text: string;
  category: string;
  lang?: string;
}

/** Rows of a `text,category[,lang]` CSV file. */
export function readQuestions(file: string): LabelledQuestion[] {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  if (rows.length > 0 && (!('text' in rows[0]) || !('category' in rows[0]))) throw new Error(`${file}: expected columns text,category`);
  return rows.filter((r) => r.text && r.category).map((r) => ({ text: r.text, category: r.category, ...(r.lang ? { lang: r.lang } : {}) }));
}

/** Accuracy, macro-F1 and per-question latency of a classifier on labelled questions. */
export function scoreFaq(classifier: FaqClassifier, questions: LabelledQuestion[]): EvaluationResult & { predicted: string[] } {
  for (const q of questions.slice(0, 200)) classifier.classify(q.text, q.lang); // warm-up (JIT)
  const times: number[] = [];
  const predicted = questions.map((q) => {
    const t0 = process.hrtime.bigint();
    const { topic } = classifier.classify(q.text, q.lang);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return topic;
  });
  const gold = questions.map((q) => q.category);
  return {
    accuracy: accuracy(gold, predicted),
    macro_f1: macroF1(gold, predicted),
    n: questions.length,
    p50_ms: percentile(times, 50),
    p99_ms: percentile(times, 99),
    predicted,
  };
}

/**
 * `eval faq <file.csv>`: classifies every row with the shipped understanding model's FAQ view
 * (build artifact, or trained in-process from the shipped data) and scores it. Warns when rows of the file are
 * also in the training data, since those figures would not be of unseen questions.
 */
export async function evaluate(file: string, log: (line: string) => void = (l) => console.error(l)): Promise<EvaluationResult> {
  const questions = readQuestions(file);
  const t0 = Date.now();
  const classifier = loadUnderstanding({ onProgress: log });
  log(`faq: classifier ready in ${Date.now() - t0} ms; ${questions.length} questions in ${file}`);
  const unknown = new Set(questions.map((q) => q.category).filter((c) => !classifier.topics.includes(c)));
  if (unknown.size > 0) log(`faq: warning: categories not among the topics: ${[...unknown].join(', ')}`);
  const trained = new Set(loadFaqTrainingData().map((e) => normalizeText(e.text)));
  const seen = questions.filter((q) => trained.has(normalizeText(q.text))).length;
  if (seen > 0) log(`faq: warning: ${seen} of ${questions.length} questions are in the training data`);
  const { predicted, ...result } = scoreFaq(classifier, questions);
  void predicted;
  return result;
}
