/**
 * Alexa's skill events keep the backend's list of who gets security alerts on Alexa in step with
 * what the user allowed: each event makes the matching call, and nothing is ever spoken.
 */
import assert from 'node:assert/strict';
import { AlexaNotificationsPaths } from '../../src/shared/contract/api';
import { notificationsChangeOf } from '../../src/skill/alexa/skill-events';
import { ALEXA_TEST_USER_ID } from '../support/alexa-request';
import { afterEachCleanNock, fakeBackend } from '../support/fake-backend';
import { AlexaConversation, TEST_BACKEND_TIMEOUT_MS } from '../support/skill';

const NOTIFICATIONS = 'alexa::devices:all:notifications:write';

describe('skill events (Alexa notifications of security alerts)', () => {
  afterEachCleanNock();

  const enabled = () =>
    fakeBackend()
      .put(AlexaNotificationsPaths.alexaNotifications, { alexaUserId: ALEXA_TEST_USER_ID })
      .matchHeader('authorization', 'Bearer token-alice')
      .reply(200, { enabled: true });
  const disabled = () =>
    fakeBackend().delete(AlexaNotificationsPaths.alexaNotifications).matchHeader('authorization', 'Bearer token-alice').reply(200, { enabled: false });

  const cases: Array<[string, string, Record<string, unknown>, () => ReturnType<typeof enabled>]> = [
    ['linking the account', 'AlexaSkillEvent.SkillAccountLinked', { accessToken: 'token-alice' }, enabled],
    [
      'subscribing to the alert event',
      'AlexaSkillEvent.ProactiveSubscriptionChanged',
      { subscriptions: [{ eventName: 'AMAZON.MessageAlert.Activated' }] },
      enabled,
    ],
    ['withdrawing every subscription', 'AlexaSkillEvent.ProactiveSubscriptionChanged', { subscriptions: [] }, disabled],
    ['accepting the notifications permission', 'AlexaSkillEvent.SkillPermissionAccepted', { acceptedPermissions: [{ scope: NOTIFICATIONS }] }, enabled],
    ['taking the permission back', 'AlexaSkillEvent.SkillPermissionChanged', { acceptedPermissions: [] }, disabled],
    ['disabling the skill', 'AlexaSkillEvent.SkillDisabled', { userInformationPersistenceStatus: 'NOT_PERSISTED' }, disabled],
  ];
  for (const [what, type, body, expectedCall] of cases) {
    it(`${what} (${type}) makes the matching backend call and speaks nothing`, async () => {
      const call = expectedCall();
      const turn = await new AlexaConversation('en-US', 'token-alice').skillEvent(type, body);
      assert.ok(call.isDone(), `no call for ${type}`);
      assert.equal(turn.ssml, '');
    });
  }

  it('without a linked account there is nobody to enable: no call, no speech', async () => {
    const turn = await new AlexaConversation('de-DE', null).skillEvent('AlexaSkillEvent.ProactiveSubscriptionChanged', {
      subscriptions: [{ eventName: 'AMAZON.MessageAlert.Activated' }],
    });
    assert.equal(turn.ssml, '');
  });

  it('a backend that does not answer leaves the event unanswered, never a crash or speech', async () => {
    fakeBackend()
      .put(AlexaNotificationsPaths.alexaNotifications)
      .delay(TEST_BACKEND_TIMEOUT_MS * 3)
      .reply(200, { enabled: true });
    const turn = await new AlexaConversation('ja-JP', 'token-alice').skillEvent('AlexaSkillEvent.SkillAccountLinked', { accessToken: 'token-alice' });
    assert.equal(turn.ssml, '');
  });

  it('unit: an event of another kind, or without the user id, changes nothing', () => {
    assert.equal(notificationsChangeOf('LaunchRequest', { context: { System: { user: { accessToken: 't' } } } }).kind, 'none');
    assert.equal(notificationsChangeOf('AlexaSkillEvent.SkillAccountLinked', { request: { body: { accessToken: 't' } } }).kind, 'none');
  });
});
