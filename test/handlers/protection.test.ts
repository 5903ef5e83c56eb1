import assert from 'node:assert/strict';
import { fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, toldBefore } from '../support/skill';
import { afterEachCleanNock, ALEXA_LOCALE_LIST, sentences, VOICE_CODE_REQUIRED, wordsOf } from './fraud-fixtures';

const FROZEN = { frozen: true, frozenAt: '2026-11-27T08:00:00.000Z', openFraudReport: false };
const NOT_FROZEN = { frozen: false, openFraudReport: false };
const DIGITS = (value: string) => `<say-as interpret-as="digits">${value}</say-as>`;
const PROFILE = (voiceCodeRequired: boolean) => ({
  userId: 'u-chen',
  displayName: 'Chen',
  locale: 'en-US',
  timeZone: 'Europe/Berlin',
  homeCurrency: 'EUR',
  voiceCodeRequired,
});

describe('protection dialogue: freezing and unfreezing the wallet', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      it('freezes at once, without a voice code, and says a frozen wallet is already frozen', async () => {
        const scope = fakeBackend()
          .get('/v1/account/freeze')
          .reply(200, NOT_FROZEN)
          .post('/v1/account/freeze')
          .reply(200, FROZEN)
          .get('/v1/account/freeze')
          .reply(200, FROZEN);
        const conversation = new AlexaConversation(locale, 'token-chen');
        const done = await conversation.intent('FreezeAccountIntent');
        assert.equal(toldBefore(done, locale), expected(locale, 'freeze.done'));
        const again = await conversation.intent('FreezeAccountIntent');
        assert.equal(toldBefore(again, locale), expected(locale, 'freeze.alreadyFrozen'));
        assert.ok(scope.isDone());
      });

      it('unfreezes only after a yes and with the voice code: a wrong code is refused, the right one unfreezes', async () => {
        const backend = fakeBackend();
        backend.get('/v1/account/freeze').times(2).reply(200, FROZEN);
        backend.get('/v1/profile').reply(200, PROFILE(true));
        backend.post('/v1/account/unfreeze').reply(403, VOICE_CODE_REQUIRED);
        backend.post('/v1/voice-code/verify', { code: '1111' }).reply(200, { result: 'wrong', attemptsLeft: 2 });
        backend.post('/v1/voice-code/verify', { code: '2580' }).reply(200, { result: 'ok', attemptsLeft: 3, voiceSession: 'vs-unfreeze' });
        backend.get('/v1/account/freeze').reply(200, FROZEN);
        const unfreeze = backend.post('/v1/account/unfreeze').matchHeader('x-voice-session', 'vs-unfreeze').reply(200, NOT_FROZEN);
        const conversation = new AlexaConversation(locale, 'token-chen');

        const question = await conversation.intent('UnfreezeAccountIntent');
        assert.equal(question.speech, expected(locale, 'freeze.confirmUnfreeze'));
        assert.equal(question.sessionEnds, false);
        const code = await conversation.intent('AMAZON.YesIntent');
        assert.equal(code.speech, expected(locale, 'voiceCode.ask'));
        const wrong = await conversation.intent('VoiceCodeIntent', { code: '1111' });
        assert.equal(wrong.speech, expected(locale, 'voiceCode.wrong', { count: 2 }));
        const done = await conversation.intent('VoiceCodeIntent', { code: '2580' });
        assert.equal(toldBefore(done, locale), expected(locale, 'freeze.unfrozen'));
        assert.ok(unfreeze.isDone());
      });

      it('never unfreezes by voice while a fraud report is open, and says how to do it safely', async () => {
        const state = fakeBackend()
          .get('/v1/account/freeze')
          .reply(200, { ...FROZEN, openFraudReport: true });
        const unfreeze = fakeBackend().post('/v1/account/unfreeze').reply(200, NOT_FROZEN);
        const turn = await new AlexaConversation(locale, 'token-chen').intent('UnfreezeAccountIntent');
        assert.equal(toldBefore(turn, locale), expected(locale, 'freeze.blockedByReport'));
        assert.ok(state.isDone());
        assert.equal(unfreeze.isDone(), false, 'no unfreeze was attempted');
      });

      it('tells the backend refusal the same way when a report opened in between', async () => {
        const scope = fakeBackend()
          .get('/v1/account/freeze')
          .times(2)
          .reply(200, FROZEN)
          .get('/v1/profile')
          .reply(200, PROFILE(true))
          .post('/v1/account/unfreeze')
          .reply(409, { error: { code: 'open_fraud_report', message: 'a fraud report is open' } });
        const conversation = new AlexaConversation(locale);
        await conversation.intent('UnfreezeAccountIntent');
        const turn = await conversation.intent('AMAZON.YesIntent');
        assert.equal(toldBefore(turn, locale), expected(locale, 'freeze.blockedByReport'));
        assert.ok(scope.isDone());
      });

      it('keeps the wallet frozen on a no, and sends a user without a voice code to the app', async () => {
        const backend = fakeBackend();
        backend.get('/v1/account/freeze').times(3).reply(200, FROZEN);
        backend.get('/v1/profile').reply(200, PROFILE(false));
        const unfreeze = fakeBackend().post('/v1/account/unfreeze').reply(200, NOT_FROZEN);
        const conversation = new AlexaConversation(locale, 'token-chen');
        await conversation.intent('UnfreezeAccountIntent');
        const no = await conversation.intent('AMAZON.NoIntent');
        assert.equal(toldBefore(no, locale), expected(locale, 'freeze.stillFrozen'));
        await conversation.intent('UnfreezeAccountIntent');
        const yes = await conversation.intent('AMAZON.YesIntent');
        assert.equal(toldBefore(yes, locale), expected(locale, 'freeze.unfreezeInApp'));
        assert.equal(unfreeze.isDone(), false, 'no unfreeze was attempted');
      });

      it('has nothing to unfreeze when the wallet is not frozen', async () => {
        const scope = fakeBackend().get('/v1/account/freeze').reply(200, NOT_FROZEN);
        const turn = await new AlexaConversation(locale).intent('UnfreezeAccountIntent');
        assert.equal(toldBefore(turn, locale), expected(locale, 'freeze.notFrozen'));
        assert.ok(scope.isDone());
      });
    });
  }
});

describe('protection dialogue: is this really you?', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    const words = wordsOf(locale);

    describe(locale, () => {
      it('confirms the official number, read digit by digit, as the registry writes it', async () => {
        const scope = fakeBackend()
          .get('/v1/verify-contact')
          .query({ kind: 'phone', value: '+8695188' })
          .reply(200, { verdict: 'official', kind: 'phone', matched: '95188', advice: 'official_channel' });
        const turn = await new AlexaConversation(locale).intent('VerifyContactIntent', { phone: '+86 95188' });
        assert.equal(toldBefore(turn, locale), expected(locale, 'verifyContact.officialPhone', { value: '95188' }));
        assert.ok(turn.ssml.includes(DIGITS('95188')));
        assert.ok(scope.isDone());
      });

      it('calls a known fake app a scam and, on "yes", starts a report about a fake app', async () => {
        const scope = fakeBackend()
          .get('/v1/verify-contact')
          .query({ kind: 'app', value: 'Ant Wealth Helper' })
          .reply(200, { verdict: 'known_scam', kind: 'app', matched: 'Ant Wealth Helper', advice: 'delete_app' });
        const conversation = new AlexaConversation(locale);
        const scam = await conversation.intent('VerifyContactIntent', { appName: 'Ant Wealth Helper' });
        assert.equal(scam.speech, expected(locale, 'verifyContact.scamApp', { value: 'Ant Wealth Helper' }));
        assert.equal(scam.reprompt, expected(locale, 'verifyContact.offerReport'));

        const report = await conversation.intent('AMAZON.YesIntent');
        assert.equal(report.speech, sentences(locale, ['fraudReport.start'], ['fraudReport.whichTransaction']));
        // The report already knows what happened: "no payment" goes straight to the confirmation.
        const confirm = await conversation.intent('NoTransactionIntent');
        assert.equal(confirm.speech, expected(locale, 'fraudReport.confirmWithoutTransaction', { scamType: expected(locale, 'scamTypes.fake_app') }));
        assert.ok(scope.isDone());
      });

      it('always calls a "safe account" story a scam, without a lookup, and files nothing on "no"', async () => {
        const lookup = fakeBackend()
          .get('/v1/verify-contact')
          .query(true)
          .reply(200, { verdict: 'unknown', kind: 'phrase', advice: 'check_with_official_number' });
        const conversation = new AlexaConversation(locale);
        const scam = await conversation.intent('VerifyContactIntent', { story: words.safeAccount });
        assert.equal(scam.speech, expected(locale, 'verifyContact.scamStory', { story: expected(locale, 'verifyContact.stories.safe_account') }));
        const no = await conversation.intent('AMAZON.NoIntent');
        assert.equal(toldBefore(no, locale), expected(locale, 'verifyContact.notReported'));
        assert.equal(lookup.isDone(), false);
      });

      it('explains how to check a caller, then checks the number the user gives', async () => {
        const scope = fakeBackend()
          .get('/v1/verify-contact')
          .query({ kind: 'phone', value: '+15550100' })
          .reply(200, { verdict: 'unknown', kind: 'phone', advice: 'check_with_official_number' });
        const conversation = new AlexaConversation(locale);
        const how = await conversation.intent('VerifyContactIntent');
        assert.equal(how.speech, expected(locale, 'verifyContact.howToCheck'));
        assert.equal(how.reprompt, expected(locale, 'verifyContact.askWhat'));
        const unknown = await conversation.intent('PhoneNumberIntent', { phone: '+1 555 0100' });
        assert.equal(toldBefore(unknown, locale), expected(locale, 'verifyContact.unknownPhone', { value: '+15550100' }));
        assert.ok(scope.isDone());
      });

      it('calls a known scam number a scam', async () => {
        const scope = fakeBackend()
          .get('/v1/verify-contact')
          .query({ kind: 'phone', value: '01709876543' })
          .reply(200, { verdict: 'known_scam', kind: 'phone', matched: '+49 170 9876543', advice: 'hang_up' });
        const turn = await new AlexaConversation(locale).intent('VerifyContactIntent', { phone: '0170 9876543' });
        assert.equal(turn.speech, expected(locale, 'verifyContact.scamPhone', { value: '+49 170 9876543' }));
        assert.ok(scope.isDone());
      });
    });
  }
});

describe('protection dialogue: safety settings', () => {
  afterEachCleanNock();

  const SETTINGS = { delayedArrival: { enabled: false, hours: 24 } };
  const ANNA = { name: 'Anna', phone: '+4915112345678' };

  for (const locale of ALEXA_LOCALE_LIST) {
    const words = wordsOf(locale);

    describe(locale, () => {
      it('turns delayed arrival on after the voice code (a wrong one first), asking 2 or 24 hours', async () => {
        const backend = fakeBackend();
        backend.get('/v1/settings').reply(403, VOICE_CODE_REQUIRED);
        backend.post('/v1/voice-code/verify', { code: '9999' }).reply(200, { result: 'wrong', attemptsLeft: 2 });
        backend.post('/v1/voice-code/verify', { code: '1234' }).reply(200, { result: 'ok', attemptsLeft: 3, voiceSession: 'vs-set' });
        backend.get('/v1/settings').times(2).matchHeader('x-voice-session', 'vs-set').reply(200, SETTINGS);
        const put = backend
          .put('/v1/settings', { delayedArrival: { enabled: true, hours: 2 } })
          .matchHeader('x-voice-session', 'vs-set')
          .reply(200, { delayedArrival: { enabled: true, hours: 2 } });
        const conversation = new AlexaConversation(locale, 'token-bruno');

        assert.equal((await conversation.intent('DelayedArrivalIntent', { toggle: words.on })).speech, expected(locale, 'voiceCode.ask'));
        const wrong = await conversation.intent('VoiceCodeIntent', { code: '9999' });
        assert.equal(wrong.speech, expected(locale, 'voiceCode.wrong', { count: 2 }));
        const hours = await conversation.intent('VoiceCodeIntent', { code: '1234' });
        assert.equal(hours.speech, expected(locale, 'delayedArrival.askHours'));
        const done = await conversation.intent('DelayedArrivalIntent', { hours: '2' });
        assert.equal(toldBefore(done, locale), expected(locale, 'delayedArrival.turnedOn', { hours: 2 }));
        assert.ok(put.isDone() && backend.isDone());
      });

      it('explains delayed arrival, refuses a delay it cannot set, and turns it off after a yes, keeping the choice', async () => {
        const backend = fakeBackend();
        backend
          .get('/v1/settings')
          .times(4)
          .reply(200, { delayedArrival: { enabled: true, hours: 24 }, trustedContact: ANNA });
        const put = backend
          .put('/v1/settings', { delayedArrival: { enabled: false, hours: 24 }, trustedContact: ANNA })
          .reply(200, { delayedArrival: { enabled: false, hours: 24 }, trustedContact: ANNA });
        const conversation = new AlexaConversation(locale);
        assert.equal(toldBefore(await conversation.intent('DelayedArrivalIntent'), locale), expected(locale, 'delayedArrival.explainOn', { hours: 24 }));
        assert.equal((await conversation.intent('DelayedArrivalIntent', { hours: '12' })).speech, expected(locale, 'delayedArrival.badHours'));
        const question = await conversation.intent('DelayedArrivalIntent', { toggle: words.off });
        assert.equal(question.speech, expected(locale, 'delayedArrival.confirmOff', { hours: 24 }));
        assert.equal(toldBefore(await conversation.intent('AMAZON.YesIntent'), locale), expected(locale, 'delayedArrival.turnedOff'));
        assert.ok(put.isDone() && backend.isDone());
      });

      it('leaves delayed arrival on when the user says no to turning it off', async () => {
        const settings = fakeBackend()
          .get('/v1/settings')
          .reply(200, { delayedArrival: { enabled: true, hours: 24 }, trustedContact: ANNA });
        const put = fakeBackend()
          .put('/v1/settings')
          .reply(200, { delayedArrival: { enabled: false, hours: 24 }, trustedContact: ANNA });
        const conversation = new AlexaConversation(locale);
        await conversation.intent('DelayedArrivalIntent', { toggle: words.off });
        assert.equal(toldBefore(await conversation.intent('AMAZON.NoIntent'), locale), expected(locale, 'delayedArrival.unchanged'));
        assert.ok(settings.isDone());
        assert.equal(put.isDone(), false, 'nothing was saved');
      });

      it('tells the trusted contact', async () => {
        const scope = fakeBackend()
          .get('/v1/settings')
          .reply(200, { ...SETTINGS, trustedContact: ANNA });
        const turn = await new AlexaConversation(locale).intent('TrustedContactIntent');
        assert.equal(toldBefore(turn, locale), expected(locale, 'trustedContact.current', { name: 'Anna' }));
        assert.ok(scope.isDone());
      });

      it('sets a trusted contact: asks the name, then the number (again without a country code), confirms and saves', async () => {
        const backend = fakeBackend();
        backend.get('/v1/settings').times(3).reply(200, SETTINGS);
        const put = backend.put('/v1/settings', { ...SETTINGS, trustedContact: ANNA }).reply(200, { ...SETTINGS, trustedContact: ANNA });
        const conversation = new AlexaConversation(locale);

        const none = await conversation.intent('TrustedContactIntent');
        assert.equal(none.speech, expected(locale, 'trustedContact.none'));
        const phone = await conversation.intent('TrustedContactIntent', { contactName: 'Anna' });
        assert.equal(phone.speech, expected(locale, 'trustedContact.askPhone', { name: 'Anna' }));
        assert.deepEqual(
          phone.directives?.map(({ slotToElicit, updatedIntent }) => [slotToElicit, updatedIntent?.name]),
          [['phone', 'PhoneNumberIntent']],
        );
        const national = await conversation.intent('PhoneNumberIntent', { phone: '0151 12345678' });
        assert.equal(national.speech, expected(locale, 'trustedContact.badPhone'));
        const confirm = await conversation.intent('PhoneNumberIntent', { phone: '+49 151 12345678' });
        assert.equal(confirm.speech, expected(locale, 'trustedContact.confirm', { name: 'Anna', phone: ANNA.phone }));
        assert.ok(confirm.ssml.includes(DIGITS(ANNA.phone)));
        const saved = await conversation.intent('AMAZON.YesIntent');
        assert.equal(toldBefore(saved, locale), expected(locale, 'trustedContact.saved', { name: 'Anna' }));
        assert.ok(put.isDone() && backend.isDone());
      });

      it('changes a trusted contact only after a yes: "no" keeps the one there was', async () => {
        const backend = fakeBackend();
        backend
          .get('/v1/settings')
          .times(3)
          .reply(200, { ...SETTINGS, trustedContact: ANNA });
        const put = backend.put('/v1/settings').reply(200, SETTINGS);
        const conversation = new AlexaConversation(locale);

        await conversation.intent('TrustedContactIntent', { contactName: 'Ben' });
        const confirm = await conversation.intent('PhoneNumberIntent', { phone: '+49 151 87654321' });
        assert.ok(confirm.speech.endsWith(expected(locale, 'trustedContact.confirm', { name: 'Ben', phone: '+4915187654321' })), confirm.speech);
        const no = await conversation.intent('AMAZON.NoIntent');
        assert.equal(toldBefore(no, locale), expected(locale, 'trustedContact.notSaved'));
        assert.equal(put.isDone(), false, 'nothing was saved');
      });
    });
  }
});
