import assert from 'node:assert/strict';
import { fakeBackend } from '../support/fake-backend';
import { expected, WebConversation, toldBefore } from '../support/skill';
import { afterEachCleanNock, FakeReportStore, REFERENCE, report } from './fraud-fixtures';

/** The same flows typed into the web console, understood by the app's own NLU. */
const TYPED: Record<string, { report: string; noPayment: string; what: string; yes: string; freeze: string; status: string; check: string }> = {
  'en-US': {
    report: "I've been scammed",
    noPayment: 'no payment',
    what: 'it was fake customer service',
    yes: 'yes',
    freeze: 'freeze my account',
    status: `status of report ${REFERENCE}`,
    check: 'is 95188 really your number',
  },
  'de-DE': {
    report: 'ich wurde betrogen',
    noPayment: 'keine Zahlung',
    what: 'es war ein falscher Kundenservice',
    yes: 'ja',
    freeze: 'friere mein Konto ein',
    status: `Status der Meldung ${REFERENCE}`,
    check: 'ist 95188 wirklich eure Nummer',
  },
};

describe('fraud dialogue: the web console, with free text', function () {
  this.timeout(60_000);
  afterEachCleanNock();

  for (const [locale, typed] of Object.entries(TYPED)) {
    describe(locale, () => {
      it('reports a scam call without a payment and files it once', async () => {
        const store = new FakeReportStore(report());
        const post = store.intercept();
        const conversation = new WebConversation(locale);
        const which = await conversation.say(typed.report);
        assert.ok(which.speech.endsWith(expected(locale, 'fraudReport.whichTransaction')), which.speech);
        const what = await conversation.say(typed.noPayment);
        assert.equal(what.speech, expected(locale, 'fraudReport.whatHappened'));
        const confirm = await conversation.say(typed.what);
        assert.equal(confirm.speech, expected(locale, 'fraudReport.confirmWithoutTransaction', { scamType: expected(locale, 'scamTypes.impersonation') }));
        const done = await conversation.say(typed.yes);
        assert.ok(done.speech.startsWith(expected(locale, 'fraudReport.filed', { reference: REFERENCE })), done.speech);
        assert.deepEqual(store.bodies, [{ scamType: 'impersonation', channel: 'web' }]);
        assert.ok(post.isDone());
      });

      it('freezes the wallet after a yes, tells a report by its number and checks a phone number', async () => {
        const scope = fakeBackend()
          .get('/v1/account/freeze')
          .reply(200, { frozen: false, openFraudReport: false })
          .post('/v1/account/freeze')
          .reply(200, { frozen: true, openFraudReport: false })
          .get(`/v1/fraud-reports/${REFERENCE}`)
          .reply(200, report())
          .get('/v1/verify-contact')
          .query({ kind: 'phone', value: '95188' })
          .reply(200, { verdict: 'official', kind: 'phone', matched: '95188', advice: 'official_channel' });
        const conversation = new WebConversation(locale);
        // Typed, a freeze is confirmed first: "freeze" and "unfreeze" differ by a syllable.
        assert.equal((await conversation.say(typed.freeze)).speech, expected(locale, 'freeze.confirm'));
        assert.equal(toldBefore(await conversation.say(typed.yes), locale), expected(locale, 'freeze.done'));
        const status = await conversation.say(typed.status);
        assert.ok(status.speech.includes(REFERENCE), status.speech);
        assert.equal(toldBefore(await conversation.say(typed.check), locale), expected(locale, 'verifyContact.officialPhone', { value: '95188' }));
        assert.ok(scope.isDone());
      });
    });
  }
});
