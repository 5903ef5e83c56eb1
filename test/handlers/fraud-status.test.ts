import assert from 'node:assert/strict';
import { ALICE, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, expected, toldBefore } from '../support/skill';
import { localDateOf } from '../../src/shared/time/local-time';
import { afterEachCleanNock, ALEXA_LOCALE_LIST, CHEN_REFERENCE, dayInDays, NOT_FOUND, REFERENCE, report, sentences, spokenDay } from './fraud-fixtures';

const DAY = 86_400_000;

describe('fraud dialogue: the status of a fraud report', () => {
  afterEachCleanNock();

  for (const locale of ALEXA_LOCALE_LIST) {
    describe(locale, () => {
      const filedOn = new Date(Date.now() - 3 * DAY).toISOString();
      const changedOn = new Date(Date.now() - DAY).toISOString();
      const day = (instant: string) => spokenDay(locale, localDateOf(new Date(instant), ALICE.timeZone));

      it('tells the latest report: filed when, where it stands since when, what comes next and by when', async () => {
        const scope = fakeBackend()
          .get('/v1/fraud-reports/latest')
          .reply(200, report({ status: 'under_review', createdAt: filedOn, updatedAt: changedOn, nextStep: 'review', expectedBy: dayInDays(4) }))
          .get('/v1/profile')
          .reply(200, ALICE);
        const turn = await new AlexaConversation(locale).intent('FraudReportStatusIntent');
        assert.equal(
          toldBefore(turn, locale),
          sentences(
            locale,
            ['fraudStatus.report', { reference: REFERENCE, filedOn: day(filedOn) }],
            ['fraudStatus.status.under_review', { since: day(changedOn) }],
            ['nextSteps.review'],
            ['fraudReport.expectedBy', { expectedBy: spokenDay(locale, dayInDays(4)) }],
          ),
        );
        assert.ok(turn.ssml.includes(`<say-as interpret-as="digits">${REFERENCE}</say-as>`));
        assert.equal(turn.sessionEnds, false);
        assert.ok(scope.isDone());
      });

      it('tells a report by its reference; money frozen at the payee is said so, and a refund has no date to wait for', async () => {
        const scope = fakeBackend()
          .get(`/v1/fraud-reports/${CHEN_REFERENCE}`)
          .reply(
            200,
            report({
              reference: CHEN_REFERENCE,
              status: 'funds_frozen',
              recovery: { method: 'payee_freeze', status: 'frozen' },
              createdAt: filedOn,
              updatedAt: changedOn,
              nextStep: 'refund_pending',
              expectedBy: dayInDays(2),
            }),
          )
          .get(`/v1/fraud-reports/${REFERENCE}`)
          .reply(200, report({ status: 'refunded', createdAt: filedOn, updatedAt: changedOn, nextStep: 'none', expectedBy: undefined }))
          .get('/v1/profile')
          .reply(200, ALICE);
        const conversation = new AlexaConversation(locale);
        const frozen = await conversation.intent('FraudReportStatusIntent', { reference: '3141 5920' });
        assert.equal(
          toldBefore(frozen, locale),
          sentences(
            locale,
            ['fraudStatus.report', { reference: CHEN_REFERENCE, filedOn: day(filedOn) }],
            ['fraudStatus.frozenAtPayee', { since: day(changedOn) }],
            ['nextSteps.refund_pending'],
            ['fraudReport.expectedBy', { expectedBy: spokenDay(locale, dayInDays(2)) }],
          ),
        );
        const refunded = await conversation.intent('FraudReportStatusIntent', { reference: REFERENCE });
        assert.equal(
          toldBefore(refunded, locale),
          sentences(
            locale,
            ['fraudStatus.report', { reference: REFERENCE, filedOn: day(filedOn) }],
            ['fraudStatus.status.refunded', { since: day(changedOn) }],
            ['nextSteps.none'],
          ),
        );
        assert.ok(scope.isDone());
      });

      it('says a disputed card payment is on hold, not frozen at a payee', async () => {
        const onHold = report({
          status: 'funds_frozen',
          recovery: { method: 'chargeback', status: 'frozen' },
          createdAt: filedOn,
          updatedAt: changedOn,
          nextStep: 'refund_pending',
          expectedBy: dayInDays(3),
        });
        const scope = fakeBackend().get('/v1/fraud-reports/latest').reply(200, onHold).get('/v1/profile').reply(200, ALICE);
        const turn = await new AlexaConversation(locale).intent('FraudReportStatusIntent');
        assert.ok(turn.speech.includes(expected(locale, 'fraudStatus.status.funds_frozen', { since: day(changedOn) })), turn.speech);
        assert.ok(!turn.speech.includes(expected(locale, 'fraudStatus.frozenAtPayee', { since: day(changedOn) })));
        assert.ok(scope.isDone());
      });

      it('says clearly when no report has that number', async () => {
        const scope = fakeBackend().get('/v1/fraud-reports/27182815').reply(404, NOT_FOUND);
        const turn = await new AlexaConversation(locale).intent('FraudReportStatusIntent', { reference: '27182815' });
        assert.equal(toldBefore(turn, locale), expected(locale, 'fraudStatus.unknownReference', { reference: '27182815' }));
        assert.ok(scope.isDone());
      });

      it('knows a misheard number by its check digit, without asking the backend', async () => {
        const scope = fakeBackend()
          .get(/\/v1\/fraud-reports\/.*/)
          .reply(200, report());
        const turn = await new AlexaConversation(locale).intent('FraudReportStatusIntent', { reference: '31415929' });
        assert.equal(toldBefore(turn, locale), expected(locale, 'fraudStatus.notAReference', { reference: '31415929' }));
        assert.equal(scope.isDone(), false);
      });

      it('says there is no report yet, and how to make one', async () => {
        const scope = fakeBackend().get('/v1/fraud-reports/latest').reply(404, NOT_FOUND);
        const turn = await new AlexaConversation(locale).intent('FraudReportStatusIntent');
        assert.equal(toldBefore(turn, locale), expected(locale, 'fraudStatus.none'));
        assert.ok(scope.isDone());
      });
    });
  }
});
