/**
 * Stratified k-fold cross-validation of the emotion classifier on resources/emotion/labelled.csv:
 * the only data used to choose features and heads (never resources/emotion/heldout.csv).
 *
 *   npx ts-node --transpile-only src/skill/emotion/cv.ts [k] [--no-cues]
 */
import { accuracy, Example, macroF1, stratifiedFolds, TrainOptions } from '../../classifiers';
import { EMOTION_TRAIN_OPTIONS, labelledDataPath, readEmotionCsv, trainEmotionClassifier } from './classifier';
import { accuracyByGroup, recallByLabel } from './metrics';

export interface CrossValidation {
  accuracy: number;
  macro_f1: number;
  n: number;
  accuracy_by_lang: Record<string, number>;
  recall_by_label: Record<string, number>;
  mean_training_ms: number;
}

/** Out-of-fold predictions, stratified by label and language together. */
export function crossValidate(examples: Example[], options: TrainOptions = EMOTION_TRAIN_OPTIONS, k = 5, seed = 42, cues = true): CrossValidation {
  const folds = stratifiedFolds(
    examples.map((e) => `${e.lang ?? ''}/${e.label}`),
    k,
    seed,
  );
  const predicted: string[] = new Array(examples.length);
  let trainingMs = 0;
  for (let f = 0; f < k; f++) {
    const t0 = Date.now();
    const model = trainEmotionClassifier(
      examples.filter((_, i) => folds[i] !== f),
      options,
      cues,
    );
    trainingMs += Date.now() - t0;
    examples.forEach((e, i) => {
      if (folds[i] === f) predicted[i] = model.detect(e.text, e.lang).emotion;
    });
  }
  const gold = examples.map((e) => e.label);
  return {
    accuracy: accuracy(gold, predicted),
    macro_f1: macroF1(gold, predicted),
    n: examples.length,
    accuracy_by_lang: accuracyByGroup(
      gold,
      predicted,
      examples.map((e) => e.lang ?? ''),
    ),
    recall_by_label: recallByLabel(gold, predicted),
    mean_training_ms: trainingMs / k,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const k = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
  const result = crossValidate(readEmotionCsv(labelledDataPath()), EMOTION_TRAIN_OPTIONS, k, 42, !args.includes('--no-cues'));
  process.stdout.write(JSON.stringify(result) + '\n');
}
