import assert from 'node:assert/strict';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { currencyName, formatMoney } from '../../src/skill/speech/format';
import { afterEachCleanNock, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, toldBefore, WebConversation } from '../support/skill';

const ALEXA_LOCALE_LIST = Object.values(ALEXA_LOCALES).flat();
const VOICE_CODE_REQUIRED = { error: { code: 'voice_code_required', message: 'voice code required' } };
const BRUNO_BALANCES = { balances: [{ currency: 'EUR', availableMinor: 99000, pendingMinor: 0 }] };

describe('account linking and the voice code', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      it('without a linked account reads nothing and sends a LinkAccount card', async () => {
        const scope = fakeBackend().get('/v1/balances').reply(200, BRUNO_BALANCES);
        const turn = await new AlexaConversation(locale, null).intent('BalanceIntent');
        assert.equal(turn.speech, expected(locale, 'account.linkNeeded.alexa'));
        assert.deepEqual(turn.card, { type: 'LinkAccount' });
        assert.equal(scope.isDone(), false, 'the backend must not be asked without a token');
      });

      it('asks for the voice code, then answers the question that was asked', async () => {
        const scope = fakeBackend()
          .get('/v1/balances')
          .reply(403, VOICE_CODE_REQUIRED)
          .post('/v1/voice-code/verify', { code: '1234' })
          .reply(200, { result: 'ok', attemptsLeft: 3, voiceSession: 'vs-1', expiresAt: new Date(Date.now() + 900_000).toISOString() })
          .get('/v1/balances')
          .matchHeader('x-voice-session', 'vs-1')
          .reply(200, BRUNO_BALANCES);
        const conversation = new AlexaConversation(locale, 'token-bruno');

        const ask = await conversation.intent('BalanceIntent', { currency: { value: 'euros', id: 'EUR' } });
        assert.equal(ask.speech, expected(locale, 'voiceCode.ask'));
        assert.equal(ask.sessionEnds, false);
        assert.deepEqual(
          ask.directives?.map(({ type, slotToElicit, updatedIntent }) => [type, slotToElicit, updatedIntent?.name]),
          [['Dialog.ElicitSlot', 'code', 'VoiceCodeIntent']],
        );

        const answer = await conversation.intent('VoiceCodeIntent', { code: '1234' });
        assert.equal(
          toldBefore(answer, locale),
          expected(locale, 'balance.currency', { currencyName: currencyName('EUR', locale), amount: formatMoney(99000, 'EUR', locale) }),
        );
        assert.ok(scope.isDone());
      });

      it('after three wrong codes says how to reset it, and a right code still fails until the reset', async () => {
        const backend = fakeBackend();
        backend.get('/v1/balances').reply(403, VOICE_CODE_REQUIRED);
        backend.post('/v1/voice-code/verify').reply(200, { result: 'wrong', attemptsLeft: 2 });
        backend.post('/v1/voice-code/verify').reply(200, { result: 'wrong', attemptsLeft: 1 });
        backend.post('/v1/voice-code/verify').reply(200, { result: 'locked', attemptsLeft: 0 });
        backend.get('/v1/balances').reply(403, VOICE_CODE_REQUIRED);
        backend.post('/v1/voice-code/verify', { code: '1234' }).reply(200, { result: 'locked', attemptsLeft: 0 });
        const conversation = new AlexaConversation(locale, 'token-bruno');

        await conversation.intent('BalanceIntent');
        const firstWrong = await conversation.intent('VoiceCodeIntent', { code: '1111' });
        assert.equal(firstWrong.speech, expected(locale, 'voiceCode.wrong', { count: 2 }));
        const secondWrong = await conversation.intent('VoiceCodeIntent', { code: '2222' });
        assert.equal(secondWrong.speech, expected(locale, 'voiceCode.wrong', { count: 1 }));
        const locked = await conversation.intent('VoiceCodeIntent', { code: '3333' });
        assert.equal(toldBefore(locked, locale), expected(locale, 'voiceCode.locked'));
        // The right code said straight after the lockout is answered with the lock, not "I didn't understand".
        const codeAfterLock = await conversation.intent('VoiceCodeIntent', { code: '1234' });
        assert.equal(toldBefore(codeAfterLock, locale), expected(locale, 'voiceCode.locked'));

        await conversation.intent('BalanceIntent');
        const rightCodeTooLate = await conversation.intent('VoiceCodeIntent', { code: '1234' });
        assert.equal(toldBefore(rightCodeTooLate, locale), expected(locale, 'voiceCode.locked'));
        assert.ok(backend.isDone());
      });
    });
  }

  it('tells the user to link again when the token has expired', async () => {
    const scope = fakeBackend()
      .get('/v1/balances')
      .reply(401, { error: { code: 'unauthorized', message: 'unknown token' } });
    const turn = await new AlexaConversation('en-GB', 'expired-token').intent('BalanceIntent');
    assert.equal(turn.speech, expected('en-GB', 'account.linkExpired.alexa'));
    assert.deepEqual(turn.card, { type: 'LinkAccount' });
    assert.ok(scope.isDone());
  });

  it('on the web, asks to sign in and takes a typed code with spaces', async () => {
    const signedOut = await new WebConversation('en-US', null).say("what's my balance");
    assert.equal(signedOut.speech, expected('en-US', 'account.linkNeeded.web'));

    const scope = fakeBackend()
      .get('/v1/balances')
      .reply(403, VOICE_CODE_REQUIRED)
      .post('/v1/voice-code/verify', { code: '2580' })
      .reply(200, { result: 'ok', attemptsLeft: 3, voiceSession: 'vs-2' })
      .get('/v1/balances')
      .matchHeader('x-voice-session', 'vs-2')
      .reply(200, { balances: [{ currency: 'CNY', availableMinor: 1288800, pendingMinor: 0 }] });
    const conversation = new WebConversation('en-US', 'token-chen');
    const ask = await conversation.say('how much money do I have');
    assert.equal(ask.speech, expected('en-US', 'voiceCode.ask'));
    const answer = await conversation.say('it is 2 5 8 0');
    assert.equal(toldBefore(answer, 'en-US'), expected('en-US', 'balance.single', { amount: formatMoney(1288800, 'CNY', 'en-US') }));
    assert.ok(scope.isDone());
  });
});
