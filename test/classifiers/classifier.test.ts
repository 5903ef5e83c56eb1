import assert from 'node:assert/strict';
import { join } from 'path';
import { PROJECT_ROOT } from '../../src/shared/project-paths';
import {
  accuracy,
  deserialize,
  MAX_CLASSIFIED_CHARS,
  fitTemperature,
  macroF1,
  percentile,
  readLabelledCsv,
  stratifiedFolds,
  train,
} from '../../src/classifiers';
import type { Example, TextClassifier } from '../../src/classifiers';

const TOPICS = [
  'card_arrival',
  'lost_or_stolen_card',
  'exchange_rate',
  'top_up_failed',
  'cash_withdrawal_charge',
  'change_pin',
  'terminate_account',
  'apple_pay_or_google_pay',
  'transfer_timing',
  'request_refund',
  'age_limit',
  'passcode_forgotten',
];

describe('nlp classifier', () => {
  let all: Example[];
  let trainSet: Example[];
  let testSet: Example[];
  let model: TextClassifier;

  before(function () {
    this.timeout(60000);
    all = readLabelledCsv(join(PROJECT_ROOT, 'resources/banking77/train.csv')).filter((e) => TOPICS.includes(e.label));
    const folds = stratifiedFolds(
      all.map((e) => e.label),
      5,
      7,
    );
    trainSet = all.filter((_, i) => folds[i] !== 0);
    testSet = all.filter((_, i) => folds[i] === 0);
    model = train(trainSet, {
      heads: [
        { kind: 'svm', C: 1 },
        { kind: 'mlp', hidden: 64, epochs: 6, inputDropout: 0.3, temperature: 1.5 },
      ],
    });
  });

  it('reaches a sane accuracy on a held-out split of 12 topics', () => {
    const predicted = testSet.map((e) => model.predict(e.text).ranked[0].label);
    const gold = testSet.map((e) => e.label);
    assert.ok(testSet.length > 200);
    assert.ok(accuracy(gold, predicted) > 0.9, `accuracy ${accuracy(gold, predicted)}`);
    assert.ok(macroF1(gold, predicted) > 0.9);
  });

  it('ranks every label with probabilities that add up to 1', () => {
    const { ranked } = model.predict('I lost my card, someone stole it');
    assert.equal(ranked.length, TOPICS.length);
    assert.equal(ranked[0].label, 'lost_or_stolen_card');
    for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].score >= ranked[i].score);
    const sum = ranked.reduce((s, r) => s + r.score, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9);
  });

  it('is confident on a clear question and unsure on an off-topic one', () => {
    const clear = model.predict('How do I change my PIN?').ranked[0];
    const vague = model.predict('the weather is nice').ranked[0];
    assert.equal(clear.label, 'change_pin');
    assert.ok(clear.score > 0.7, `clear ${clear.score}`);
    assert.ok(vague.score < clear.score);
  });

  it('predicts identically after serialize/deserialize', () => {
    const restored = deserialize(model.serialize());
    assert.deepEqual(restored.labels, model.labels);
    for (const e of testSet.slice(0, 50)) assert.deepEqual(restored.predict(e.text), model.predict(e.text));
  });

  it('reads only the start of a pasted essay: the same answer as for its first characters', () => {
    const question = 'I lost my card, someone stole it. ';
    const essay = question.repeat(1000);
    const head = essay.slice(0, MAX_CLASSIFIED_CHARS);
    assert.deepEqual(model.predict(essay), model.predict(head));
    assert.notDeepEqual(model.predict(head), model.predict(question), 'the head itself is read whole');
  });

  it('rejects an artifact of another format', () => {
    assert.throws(() => deserialize(JSON.stringify({ format: 'x' })), /format/);
  });
});

describe('nlp metrics and calibration', () => {
  it('computes accuracy, macro-F1 and percentiles', () => {
    assert.equal(accuracy(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c']), 0.75);
    // a: F1 1; b: tp1 fn1 -> 2/3; c: tp1 fp1 -> 2/3
    assert.ok(Math.abs(macroF1(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c']) - (1 + 2 / 3 + 2 / 3) / 3) < 1e-12);
    assert.equal(percentile([1, 2, 3, 4, 5], 50), 3);
    assert.equal(percentile([1, 2, 3, 4, 5], 100), 5);
  });

  it('spreads every label over the folds', () => {
    const labels = [...Array(50).fill('a'), ...Array(10).fill('b')];
    const folds = stratifiedFolds(labels, 5);
    for (let f = 0; f < 5; f++) {
      assert.equal(labels.filter((l, i) => l === 'a' && folds[i] === f).length, 10);
      assert.equal(labels.filter((l, i) => l === 'b' && folds[i] === f).length, 2);
    }
  });

  it('fits a larger temperature to overconfident scores', () => {
    // Scores say "class 0" strongly, but class 0 is right only 60% of the time.
    const scores = Array.from({ length: 100 }, () => Float64Array.from([10, 0, 0]));
    const gold = Int32Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : 1 + (i % 2)));
    const T = fitTemperature(scores, gold);
    const p0 = 1 / (1 + 2 * Math.exp(-10 / T));
    assert.ok(Math.abs(p0 - 0.6) < 0.01, `p0 ${p0} T ${T}`);
  });
});
