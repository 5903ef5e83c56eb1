import assert from 'node:assert/strict';
import { AlexaNotificationsPaths } from '../../src/shared/contract/api';
import { NotificationsRepository } from '../../src/backend/notifications/repository';
import { startAntiFraudBackend, type AntiFraudBackend } from './anti-fraud-support';
import { DEMO_USERS } from './support';

const { alice, bruno } = DEMO_USERS;
const ALEXA_USER = 'amzn1.ask.account.AFRESHLINK';

describe('backend: who gets the security alerts on Alexa', () => {
  let backend: AntiFraudBackend;
  let notifications: NotificationsRepository;
  beforeEach(async () => {
    backend = await startAntiFraudBackend();
    notifications = new NotificationsRepository(backend.db);
  });
  afterEach(() => backend.close());

  it('links the Alexa user of the caller only, and unlinks it; both can be repeated', async () => {
    const brunoBefore = await notifications.alexaUserId(bruno.userId);
    for (let time = 0; time < 2; time++) {
      const enabled = await backend.api.put(AlexaNotificationsPaths.alexaNotifications, { alexaUserId: ALEXA_USER }, { token: alice.token });
      assert.equal(enabled.status, 200);
      assert.deepEqual(enabled.body, { enabled: true });
      assert.equal(await notifications.alexaUserId(alice.userId), ALEXA_USER);
    }
    assert.equal(await notifications.alexaUserId(bruno.userId), brunoBefore);

    for (let time = 0; time < 2; time++) {
      const disabled = await backend.api.delete(AlexaNotificationsPaths.alexaNotifications, { token: alice.token });
      assert.equal(disabled.status, 200);
      assert.deepEqual(disabled.body, { enabled: false });
      assert.equal(await notifications.alexaUserId(alice.userId), undefined);
    }
  });

  it('refuses what is not an Alexa user id, naming the field, and changes nothing', async () => {
    const before = await notifications.alexaUserId(alice.userId);
    for (const body of [{}, { alexaUserId: 'bob' }, { alexaUserId: ALEXA_USER, extra: 1 }]) {
      const refused = await backend.api.put(AlexaNotificationsPaths.alexaNotifications, body, { token: alice.token });
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify(refused.body.error), /alexaUserId|extra/);
    }
    assert.equal(await notifications.alexaUserId(alice.userId), before);
  });

  it('answers 401 without a token', async () => {
    assert.equal((await backend.api.delete(AlexaNotificationsPaths.alexaNotifications)).status, 401);
  });
});
