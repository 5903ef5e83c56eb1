import assert from 'node:assert/strict';
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { loadUnderstanding, type UnderstandingModel } from '../../../src/skill/nlu/understanding';
import { PROJECT_ROOT } from '../../../src/shared/project-paths';

const ROOT = PROJECT_ROOT;

describe("FAQ classifier (the understanding model's FAQ view)", () => {
  let faq: UnderstandingModel;

  before(function () {
    // Loads build/understanding-model.json (scripts/train-understanding.ts); without it, trains in-process (~3 min).
    this.timeout(600000);
    faq = loadUnderstanding();
  });

  it('knows exactly the 77 Banking77 topics', () => {
    const categories = JSON.parse(readFileSync(join(ROOT, 'resources/banking77/categories.json'), 'utf8')) as string[];
    assert.deepEqual([...faq.topics].sort(), [...categories].sort());
  });

  it('recognises a card that has not arrived', () => {
    const r = faq.classify("my card still hasn't arrived");
    assert.equal(r.topic, 'card_arrival');
    assert.ok(r.confidence > 0.5, `confidence ${r.confidence}`);
    assert.equal(r.alternatives.length, 3);
    assert.ok(r.alternatives.every((a) => a.confidence <= r.confidence && a.topic !== r.topic));
  });

  it('routes a top-up fee question to a top-up topic', () => {
    const r = faq.classify('why was I charged a fee for topping up');
    assert.match(r.topic, /top_?up|topping_up/);
  });

  it('answers common English questions', () => {
    const cases: Array<[string, string]> = [
      ['I lost my phone and the app is on it', 'lost_or_stolen_phone'],
      ['the ATM kept my card', 'card_swallowed'],
      ['I was charged twice for the same coffee', 'transaction_charged_twice'],
      ['How do I get Apple Pay working with the card?', 'apple_pay_or_google_pay'],
      ['I want to close my account', 'terminate_account'],
    ];
    for (const [text, topic] of cases) assert.equal(faq.classify(text).topic, topic, text);
  });

  const multilingual: Array<[string, string, string]> = [
    ['de', 'Meine neue Karte ist immer noch nicht da, wo bleibt sie?', 'card_arrival'],
    ['es', 'Me robaron la tarjeta ayer, ¿pueden bloquearla?', 'lost_or_stolen_card'],
    ['fr', 'Comment est-ce que je change le code PIN de ma carte ?', 'change_pin'],
    ['ja', 'ATMにカードを飲み込まれてしまいました', 'card_swallowed'],
    ['zh', '我想注销我的账户', 'terminate_account'],
  ];
  for (const [lang, text, topic] of multilingual) {
    it(`understands a ${lang} question: ${text}`, () => {
      assert.equal(faq.classify(text, lang).topic, topic);
    });
  }

  it('is less confident about an off-topic sentence than about a clear question', () => {
    const offTopic = faq.classify('what is the capital of Australia');
    const clear = faq.classify('How do I change my PIN?');
    assert.equal(clear.topic, 'change_pin');
    assert.ok(offTopic.confidence < clear.confidence);
  });
});

describe('eval CLI', () => {
  it('ends with one JSON line of accuracy, macro_f1, n, p50_ms and p99_ms', async function () {
    this.timeout(300000);
    const dir = mkdtempSync(join(tmpdir(), 'faq-eval-'));
    const file = join(dir, 'questions.csv');
    writeFileSync(
      file,
      [
        'text,category',
        'where is my new card? it has been 10 days,card_arrival',
        '"I think someone is using my card, there are payments I never made",compromised_card',
        'How much does it cost to exchange currencies?,exchange_charge',
        '"My transfer failed, why?",failed_transfer',
      ].join('\n'),
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register', join(ROOT, 'scripts/eval.ts'), 'faq', file], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    const lines = stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]);
    assert.deepEqual(Object.keys(result), ['accuracy', 'macro_f1', 'n', 'p50_ms', 'p99_ms']);
    assert.equal(result.n, 4);
    assert.ok(result.accuracy >= 0.75, JSON.stringify(result));
  });

  it('rejects an unknown subcommand with a usage line', async () => {
    await assert.rejects(
      promisify(execFile)(process.execPath, ['-r', 'ts-node/register', join(ROOT, 'scripts/eval.ts'), 'nope', 'x.csv'], {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      }),
      (err: { code?: number; stderr?: string }) => err.code === 2 && /usage: eval <faq/.test(err.stderr ?? ''),
    );
  });
});
