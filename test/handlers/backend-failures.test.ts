import assert from 'node:assert/strict';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { afterEachCleanNock, ALICE_BALANCES, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, TEST_BACKEND_TIMEOUT_MS, toldBefore } from '../support/skill';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();

describe('when the backend fails', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    it(`${locale}: a backend timeout gives the localized apology, keeps the session, and the next turn recovers`, async () => {
      // Both attempts (the read is retried once) are slower than the client's timeout.
      const slow = fakeBackend()
        .get('/v1/balances')
        .times(2)
        .delay(TEST_BACKEND_TIMEOUT_MS + 150)
        .reply(200, { balances: ALICE_BALANCES });
      const conversation = new AlexaConversation(locale);
      const apology = await conversation.intent('BalanceIntent');
      assert.equal(toldBefore(apology, locale), expected(locale, 'errors.backendUnavailable'));
      assert.equal(apology.sessionEnds, false);
      assert.ok(slow.isDone());

      const recovered = fakeBackend()
        .get('/v1/balances')
        .reply(200, { balances: [ALICE_BALANCES[0]] });
      const answer = await conversation.intent('BalanceIntent');
      assert.notEqual(answer.speech, apology.speech);
      assert.ok(recovered.isDone());
    });
  }

  it('a 5xx, then success: the retry answers and the user never notices', async () => {
    const scope = fakeBackend()
      .get('/v1/balances')
      .reply(503, { error: { code: 'internal', message: 'Internal error' } })
      .get('/v1/balances')
      .reply(200, { balances: [ALICE_BALANCES[1]] });
    const turn = await new AlexaConversation('en-US').intent('BalanceIntent');
    assert.equal(toldBefore(turn, 'en-US'), 'Your balance is €50.');
    assert.ok(scope.isDone());
  });

  it('garbage from the backend is treated as unavailable, never read out', async () => {
    const scope = fakeBackend().get('/v1/balances').times(2).reply(200, '<html>proxy error</html>');
    const turn = await new AlexaConversation('en-US').intent('BalanceIntent');
    assert.equal(toldBefore(turn, 'en-US'), expected('en-US', 'errors.backendUnavailable'));
    assert.doesNotMatch(turn.ssml, /proxy|html/);
    assert.ok(scope.isDone());
  });
});
