import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EMOTIONS, emotionFromStanceIntent, loadEmotionClassifier, withMarkers } from '../../../src/skill/emotion';
import { PROJECT_ROOT } from '../../../src/shared/project-paths';

/** Replies written for these tests only (not in resources/emotion/labelled.csv): each must come out right. */
const MUST_CLASSIFY: Array<[lang: string, text: string, emotion: string]> = [
  ['en', 'Fine, thank you for checking. Cancel the payment.', 'calm'],
  ['en', "I'm trembling, did they steal my savings?", 'anxious'],
  ['en', 'This is outrageous, give me back control of my own money!', 'angry'],
  ['en', "Don't argue with me, send it this minute.", 'insistent'],
  ['en', "Wait, I don't get it. Which transfer?", 'confused'],
  ['de', 'Alles klar, dann bitte stornieren.', 'calm'],
  ['de', 'Ich habe furchtbare Angst, was passiert mit meinem Geld?', 'anxious'],
  ['de', 'Das ist eine Frechheit, ich bin stinksauer!', 'angry'],
  ['de', 'Senden Sie es sofort, ich habe mich entschieden.', 'insistent'],
  ['de', 'Wie bitte? Das verstehe ich nicht.', 'confused'],
  ['es', 'Vale, gracias. Cancélala.', 'calm'],
  ['es', 'Tengo mucho miedo, ¿me robaron mis ahorros?', 'anxious'],
  ['es', '¡Esto es una vergüenza, estoy furioso!', 'angry'],
  ['es', 'Mándalo ya, ya lo decidí.', 'insistent'],
  ['es', '¿Cómo? No entiendo nada.', 'confused'],
  ['fr', "D'accord, merci. Annulez-le.", 'calm'],
  ['fr', "J'ai très peur, est-ce qu'ils ont volé mes économies ?", 'anxious'],
  ['fr', "C'est scandaleux, je suis furieux !", 'angry'],
  ['fr', 'Envoyez-le tout de suite, ma décision est prise.', 'insistent'],
  ['fr', 'Comment ? Je ne comprends rien.', 'confused'],
  ['ja', '分かりました。取り消してください。', 'calm'],
  ['ja', 'とても怖いです。貯金を盗まれたんですか。', 'anxious'],
  ['ja', 'ふざけるな、本当に腹が立つ！', 'angry'],
  ['ja', 'もう決めたので、今すぐ送ってください。', 'insistent'],
  ['ja', 'え？よく分かりません。', 'confused'],
  ['zh', '好的，谢谢，请取消吧。', 'calm'],
  ['zh', '我好害怕，我的积蓄被偷了吗？', 'anxious'],
  ['zh', '太过分了，气死我了！', 'angry'],
  ['zh', '我已经决定了，马上转过去。', 'insistent'],
  ['zh', '啊？我不明白。', 'confused'],
];

describe('security alert: emotion classifier', function () {
  this.timeout(60_000);

  for (const [lang, text, emotion] of MUST_CLASSIFY) {
    it(`${lang}: "${text}" is ${emotion}`, () => {
      const detection = loadEmotionClassifier().detect(text, lang);
      assert.equal(detection.emotion, emotion, JSON.stringify(detection.scores));
    });
  }

  it('gives a probability to every emotion, adding up to 1', () => {
    const { scores, confidence, emotion } = loadEmotionClassifier().detect('just send it now!', 'en');
    assert.deepEqual(Object.keys(scores).sort(), [...EMOTIONS].sort());
    assert.ok(Math.abs(Object.values(scores).reduce((sum, score) => sum + score, 0) - 1) < 1e-6);
    assert.equal(confidence, scores[emotion]);
  });

  it('takes empty text as calm with no confidence', () => {
    const detection = loadEmotionClassifier().detect('   ', 'en');
    assert.equal(detection.emotion, 'calm');
    assert.equal(detection.confidence, 1 / EMOTIONS.length);
  });

  it('turns punctuation and shouting into marker words the tokenizer keeps', () => {
    assert.match(withMarkers('WHY?!', 'en', false), /xexclam.*xquestion.*xinterrobang.*xshout/);
    assert.equal(withMarkers('ok', 'en', false), 'ok');
  });

  it('reads the emotion of an Alexa stance intent', () => {
    assert.equal(emotionFromStanceIntent('InsistIntent'), 'insistent');
    assert.equal(emotionFromStanceIntent('AngryIntent'), 'angry');
    assert.equal(emotionFromStanceIntent('WorriedIntent'), 'anxious');
    assert.equal(emotionFromStanceIntent('ConfusedIntent'), 'confused');
    assert.equal(emotionFromStanceIntent('BalanceIntent'), undefined);
  });

  it('eval emotion ends with one JSON line: >= 85% on unseen replies in every language', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register', join(PROJECT_ROOT, 'scripts/eval.ts'), 'emotion', join(PROJECT_ROOT, 'resources/emotion/heldout.csv')],
      { cwd: PROJECT_ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    const lines = stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]) as Record<string, unknown> & {
      accuracy: number;
      macro_f1: number;
      n: number;
      p50_ms: number;
      p99_ms: number;
      recall_by_label: Record<string, number>;
      accuracy_by_lang: Record<string, number>;
    };
    assert.equal(result.n, 120);
    for (const key of ['accuracy', 'macro_f1', 'p50_ms', 'p99_ms']) assert.equal(typeof result[key], 'number', key);
    assert.deepEqual(Object.keys(result.recall_by_label).sort(), [...EMOTIONS].sort());
    assert.deepEqual(Object.keys(result.accuracy_by_lang).sort(), ['de', 'en', 'es', 'fr', 'ja', 'zh']);
    assert.ok(result.accuracy >= 0.85, `accuracy ${result.accuracy}`);
    for (const [lang, accuracy] of Object.entries(result.accuracy_by_lang)) assert.ok(accuracy >= 0.85, `${lang}: ${accuracy}`);
  });
});
