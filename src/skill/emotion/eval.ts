import { accuracy, EvaluationResult, Example, macroF1, normalizeText, percentile } from '../../classifiers';
import { EmotionClassifier, labelledDataPath, loadEmotionClassifierWithStats, readEmotionCsv } from './classifier';
import { accuracyByGroup, confusion, recallByLabel } from './metrics';

export interface EmotionEvaluation extends EvaluationResult {
  recall_by_label: Record<string, number>;
  accuracy_by_lang: Record<string, number>;
  /** gold -> predicted -> count */
  confusion: Record<string, Record<string, number>>;
  training_ms: number;
}

/** Scores a classifier on labelled replies. */
export function scoreEmotion(classifier: EmotionClassifier, rows: Example[]): Omit<EmotionEvaluation, 'training_ms'> & { predicted: string[] } {
  for (const r of rows.slice(0, 100)) classifier.detect(r.text, r.lang); // warm-up (JIT)
  const times: number[] = [];
  const predicted = rows.map((r) => {
    const t0 = process.hrtime.bigint();
    const { emotion } = classifier.detect(r.text, r.lang);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return emotion;
  });
  const gold = rows.map((r) => r.label);
  return {
    accuracy: accuracy(gold, predicted),
    macro_f1: macroF1(gold, predicted),
    n: rows.length,
    p50_ms: percentile(times, 50),
    p99_ms: percentile(times, 99),
    recall_by_label: recallByLabel(gold, predicted),
    accuracy_by_lang: accuracyByGroup(
      gold,
      predicted,
      rows.map((r) => r.lang ?? 'unknown'),
    ),
    confusion: confusion(gold, predicted),
    predicted,
  };
}

/**
 * `eval emotion <file.csv>` (columns `text,label[,lang]`): classifies every row with the
 * classifier trained from resources/emotion/labelled.csv and scores it. Warns when rows of the
 * file are also in the training data, since those figures would not be of unseen replies.
 */
export async function evaluate(file: string, log: (line: string) => void = (l) => console.error(l)): Promise<EmotionEvaluation> {
  const rows = readEmotionCsv(file);
  const { classifier, trainingMs, examples } = loadEmotionClassifierWithStats();
  log(`emotion: trained on ${examples} examples in ${trainingMs} ms; ${rows.length} rows in ${file}`);
  const trained = new Set(readEmotionCsv(labelledDataPath()).map((e) => normalizeText(e.text)));
  const seen = rows.filter((r) => trained.has(normalizeText(r.text))).length;
  if (seen > 0) log(`emotion: warning: ${seen} of ${rows.length} rows are in the training data`);
  const { predicted, ...result } = scoreEmotion(classifier, rows);
  void predicted;
  for (const [lang, acc] of Object.entries(result.accuracy_by_lang)) log(`emotion: ${lang} accuracy ${acc.toFixed(4)}`);
  return { ...result, training_ms: trainingMs };
}
