import assert from 'node:assert/strict';
import { formatList, formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, ALICE_BALANCES, fakeBackend } from '../support/fake-backend';
import { expected, notUnderstood, toldBefore, WebConversation } from '../support/skill';

describe('the web platform understands typed text with the models', () => {
  afterEachCleanNock();

  const balanceQuestions: Array<[string, string]> = [
    ['en-US', 'how much money do I have'],
    ['de-DE', 'wie hoch ist mein Kontostand'],
    ['es-MX', 'cuánto dinero tengo'],
    ['fr-FR', 'quel est mon solde'],
    ['ja-JP', '残高を教えて'],
    ['zh-CN', '我的余额是多少'],
  ];
  for (const [locale, question] of balanceQuestions) {
    it(`${locale}: "${question}" reads the balance`, async () => {
      const scope = fakeBackend().get('/v1/balances').reply(200, { balances: ALICE_BALANCES });
      const turn = await new WebConversation(locale).say(question);
      const list = formatList([formatMoney(123456, 'USD', locale), formatMoney(5000, 'EUR', locale)], locale);
      assert.equal(toldBefore(turn, locale), expected(locale, 'balance.several', { list }));
      assert.ok(scope.isDone());
    });
  }

  it('answers help in Chinese, the web-only language', async () => {
    const turn = await new WebConversation('zh-CN').say('帮助');
    assert.equal(turn.speech, expected('zh-CN', 'help.message'));
  });

  it('sends text no intent matches to the FAQ classifier, which says plainly when it is not sure', async () => {
    const turn = await new WebConversation('en-US').say('purple elephants sing quietly');
    assert.equal(turn.speech, notUnderstood('en-US'));
  });

  it('understands a request at the start of a pasted wall of text, without reading all of it', async () => {
    // nlp.js needs about a millisecond per word: all 30,000 words would hold the server for 30 s.
    const scope = fakeBackend().get('/v1/balances').reply(200, { balances: ALICE_BALANCES });
    const turn = await new WebConversation('de-DE').say(`wie hoch ist mein Kontostand ${'bla '.repeat(30_000)}`);
    const list = formatList([formatMoney(123456, 'USD', 'de-DE'), formatMoney(5000, 'EUR', 'de-DE')], 'de-DE');
    assert.equal(toldBefore(turn, 'de-DE'), expected('de-DE', 'balance.several', { list }));
    assert.ok(scope.isDone());
  });
});
