import assert from 'node:assert/strict';
import { charNgrams, normalizeText, wordNgrams, wordTokens } from '../../src/classifiers';

describe('nlp text', () => {
  it('normalises contractions, British spellings, quotes and digits', () => {
    assert.equal(normalizeText('My card hasn’t ARRIVED after 2 weeks'), 'my card has not arrived after 0 weeks');
    assert.equal(normalizeText("I can't see the cancelled cheque"), 'i can not see the canceled check');
    assert.equal(normalizeText('Why do I need to recognise this?'), 'why do i need to recognize this?');
  });

  it('leaves French elisions alone', () => {
    assert.deepEqual(wordTokens(normalizeText("Je n'ai pas reçu l'argent"), 'fr'), ['je', "n'ai", 'pas', 'reçu', "l'argent"]);
  });

  it('segments Japanese and Chinese into words without spaces', () => {
    const ja = wordTokens('カードがまだ届きません', 'ja');
    assert.ok(ja.includes('カード'), ja.join('|'));
    assert.ok(ja.length >= 4);
    const zh = wordTokens('我的卡还没有到', 'zh');
    assert.ok(zh.includes('没有'), zh.join('|'));
    // Without a language hint the script decides.
    assert.deepEqual(wordTokens('我的卡还没有到'), zh);
  });

  it('builds word n-grams and char n-grams inside word boundaries', () => {
    assert.deepEqual(wordNgrams(['my', 'card', 'arrived'], 1, 2), ['my', 'card', 'arrived', 'my card', 'card arrived']);
    const grams = charNgrams('my card', ['my', 'card'], 2, 3);
    assert.ok(grams.includes(' c') && grams.includes('ard') && grams.includes('d '));
    assert.ok(!grams.includes('y c'), 'no n-gram crosses a word boundary');
    const cjk = charNgrams('卡还没到', wordTokens('卡还没到'), 2, 2);
    assert.ok(cjk.includes('还没') && cjk.includes('没到'), cjk.join('|'));
  });
});
