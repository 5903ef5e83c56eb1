import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import nock from 'nock';
import pino from 'pino';
import { AccountsRepository } from '../../src/backend/accounts/repository';
import { AccountsService } from '../../src/backend/accounts/service';
import { createAntiFraud } from '../../src/backend/anti-fraud';
import type { Db } from '../../src/backend/db/db';
import { openSeededStore } from '../../src/backend/seed/seed';
import { DEMO_ALEXA_USER_IDS } from '../../src/backend/seed/anti-fraud';
import { AlexaProactiveClient, alexaProactiveConfigFromEnv, type AlexaProactiveConfig } from '../../src/backend/notifications/alexa-proactive';
import { notificationOrder } from '../../src/backend/notifications/repository';
import { scamTransfer } from './anti-fraud-support';
import { DEMO_USERS, makeDataDir } from './support';
import { testStoreIn } from '../support/store';

const LWA = 'https://api.amazon.com';
const EU = 'https://api.eu.amazonalexa.com';
const DEV_EVENTS = '/v1/proactiveEvents/stages/development';
const CONFIG: AlexaProactiveConfig = {
  clientId: 'amzn1.application-oa2-client.test',
  clientSecret: 'test-secret',
  apiEndpoint: EU,
  stage: 'development',
};
const ALERT = {
  alexaUserId: 'amzn1.ask.account.TEST',
  referenceId: 'al_0123456789abcdef',
  expiryTime: new Date('2026-11-28T08:00:00.000Z'),
};

/** nock hands a form body over parsed (in a null-prototype object) or raw: read both as a plain object. */
function formFields(body: unknown): Record<string, string> {
  return typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as Record<string, string>) };
}

function tokenReply(token: string, expiresIn = 3600) {
  return { access_token: token, expires_in: expiresIn, scope: 'alexa::proactive_events', token_type: 'bearer' };
}

describe('backend: Alexa proactive events client', () => {
  afterEach(() => nock.cleanAll());

  it('asks Login with Amazon for a client-credentials token, then sends a MessageAlert to the user', async () => {
    let form: Record<string, string> = {};
    let event: any;
    const lwa = nock(LWA)
      .post('/auth/o2/token', (body) => {
        form = formFields(body);
        return true;
      })
      .matchHeader('content-type', /^application\/x-www-form-urlencoded/)
      .reply(200, tokenReply('token-1'));
    const alexa = nock(EU)
      .post(DEV_EVENTS, (body) => {
        event = body;
        return true;
      })
      .matchHeader('authorization', 'Bearer token-1')
      .reply(202);

    const now = new Date('2026-11-27T08:00:00.000Z');
    const result = await new AlexaProactiveClient(CONFIG, () => now).sendMessageAlert(ALERT);
    assert.deepEqual(result, { sent: true });
    assert.ok(lwa.isDone());
    assert.ok(alexa.isDone());
    assert.deepEqual(form, {
      grant_type: 'client_credentials',
      client_id: CONFIG.clientId,
      client_secret: CONFIG.clientSecret,
      scope: 'alexa::proactive_events',
    });
    assert.deepEqual(event, {
      timestamp: '2026-11-27T08:00:00.000Z',
      referenceId: ALERT.referenceId,
      expiryTime: '2026-11-28T08:00:00.000Z',
      event: {
        name: 'AMAZON.MessageAlert.Activated',
        payload: {
          state: { status: 'UNREAD', freshness: 'NEW' },
          messageGroup: { creator: { name: 'CareVoice security' }, count: 1, urgency: 'URGENT' },
        },
      },
      localizedAttributes: [],
      relevantAudience: { type: 'Unicast', payload: { user: ALERT.alexaUserId } },
    });
  });

  it('reuses the token until shortly before it expires, then asks for a new one', async () => {
    let clock = Date.parse('2026-11-27T08:00:00.000Z');
    const client = new AlexaProactiveClient(CONFIG, () => new Date(clock));
    const lwa = nock(LWA).post('/auth/o2/token').reply(200, tokenReply('token-1', 3600)).post('/auth/o2/token').reply(200, tokenReply('token-2', 3600));
    const alexa = nock(EU)
      .post(DEV_EVENTS)
      .times(2)
      .matchHeader('authorization', 'Bearer token-1')
      .reply(202)
      .post(DEV_EVENTS)
      .matchHeader('authorization', 'Bearer token-2')
      .reply(202);

    assert.deepEqual(await client.sendMessageAlert(ALERT), { sent: true });
    clock += 50 * 60_000;
    assert.deepEqual(await client.sendMessageAlert(ALERT), { sent: true });
    assert.equal(lwa.pendingMocks().length, 1, 'the first token served two events');
    clock += 9 * 60_000 + 1;
    assert.deepEqual(await client.sendMessageAlert(ALERT), { sent: true });
    assert.ok(lwa.isDone());
    assert.ok(alexa.isDone());
  });

  it('shares one token request between sends that start together', async () => {
    const lwa = nock(LWA).post('/auth/o2/token').reply(200, tokenReply('token-1'));
    const alexa = nock(EU).post(DEV_EVENTS).times(3).reply(202);
    const client = new AlexaProactiveClient(CONFIG);
    const results = await Promise.all([1, 2, 3].map(() => client.sendMessageAlert(ALERT)));
    assert.deepEqual(results, [{ sent: true }, { sent: true }, { sent: true }]);
    assert.ok(lwa.isDone());
    assert.ok(alexa.isDone());
  });

  it('reports a refused token request without sending the event', async () => {
    const lwa = nock(LWA).post('/auth/o2/token').reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const result = await new AlexaProactiveClient(CONFIG).sendMessageAlert(ALERT);
    assert.deepEqual(result, { sent: false, reason: 'token request refused with HTTP 401: Client authentication failed' });
    assert.ok(lwa.isDone());
  });

  it('reports a refused event, and fetches a new token after a 403', async () => {
    const lwa = nock(LWA).post('/auth/o2/token').reply(200, tokenReply('token-1')).post('/auth/o2/token').reply(200, tokenReply('token-2'));
    const alexa = nock(EU)
      .post(DEV_EVENTS)
      .reply(403, { message: 'Invalid token' })
      .post(DEV_EVENTS)
      .matchHeader('authorization', 'Bearer token-2')
      .reply(400, { message: 'expiryTime must be within 24 hours' });
    const client = new AlexaProactiveClient(CONFIG);
    assert.deepEqual(await client.sendMessageAlert(ALERT), {
      sent: false,
      reason: 'proactive event refused with HTTP 403: Invalid token',
    });
    assert.deepEqual(await client.sendMessageAlert(ALERT), {
      sent: false,
      reason: 'proactive event refused with HTTP 400: expiryTime must be within 24 hours',
    });
    assert.ok(lwa.isDone());
    assert.ok(alexa.isDone());
  });

  it('sends live events to the production path', async () => {
    const lwa = nock(LWA).post('/auth/o2/token').reply(200, tokenReply('token-1'));
    const alexa = nock('https://api.fe.amazonalexa.com').post('/v1/proactiveEvents').reply(202);
    const config = alexaProactiveConfigFromEnv({
      ALEXA_CLIENT_ID: 'id',
      ALEXA_CLIENT_SECRET: 'secret',
      ALEXA_PROACTIVE_REGION: 'FE',
      ALEXA_PROACTIVE_STAGE: 'live',
    });
    assert.deepEqual(await new AlexaProactiveClient(config).sendMessageAlert(ALERT), { sent: true });
    assert.ok(lwa.isDone());
    assert.ok(alexa.isDone());
  });

  it('reads its settings from the environment: none without credentials, a region or an endpoint', () => {
    assert.equal(alexaProactiveConfigFromEnv({}), undefined);
    assert.equal(alexaProactiveConfigFromEnv({ ALEXA_CLIENT_ID: 'id' }), undefined);
    assert.deepEqual(alexaProactiveConfigFromEnv({ ALEXA_CLIENT_ID: 'id', ALEXA_CLIENT_SECRET: 's', ALEXA_PROACTIVE_REGION: 'EU' }), {
      clientId: 'id',
      clientSecret: 's',
      apiEndpoint: EU,
      stage: 'development',
    });
    assert.equal(
      alexaProactiveConfigFromEnv({ ALEXA_CLIENT_ID: 'id', ALEXA_CLIENT_SECRET: 's', ALEXA_PROACTIVE_ENDPOINT: 'http://localhost:9/' })?.apiEndpoint,
      'http://localhost:9',
    );
    assert.throws(() => alexaProactiveConfigFromEnv({ ALEXA_PROACTIVE_REGION: 'MARS' }), /ALEXA_PROACTIVE_REGION/);
  });

  it('says "not configured" without credentials, and calls nobody', async () => {
    const client = new AlexaProactiveClient(undefined);
    assert.equal(client.configured, false);
    assert.deepEqual(await client.sendMessageAlert(ALERT), { sent: false, reason: 'not configured' });
  });
});

describe('backend: alert notifications', () => {
  let db: Db;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
  });
  afterEach(async () => {
    nock.cleanAll();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const antiFraud = () =>
    createAntiFraud({
      db,
      accounts: new AccountsService(new AccountsRepository(db)),
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      alexa: new AlexaProactiveClient(CONFIG),
      settings: {
        delayedArrivalHours: () => Promise.resolve(undefined),
        trustedContact: (userId) => Promise.resolve(userId === DEMO_USERS.alice.userId ? { name: 'Tom Martin', phone: '+1 917 555 0123' } : undefined),
      },
    });
  /** In the order they were recorded (see `NotificationsRepository.listForAlert`). */
  const notificationsOf = (alertId: string) =>
    db.executor
      .selectFrom('notifications')
      .select(['channel', 'status', 'recipient', 'detail'])
      .where('alert_id', '=', alertId)
      .orderBy('created_at')
      .orderBy(notificationOrder)
      .orderBy('id')
      .execute();

  it("notifies the user's Alexa, the app and the trusted contact when an alert opens", async () => {
    let audience: unknown;
    const lwa = nock(LWA).post('/auth/o2/token').reply(200, tokenReply('token-1'));
    const alexa = nock(EU)
      .post(DEV_EVENTS, (body) => {
        audience = body.relevantAudience;
        return true;
      })
      .reply(202);
    const { transfers, notifier } = antiFraud();
    const { transfer } = await transfers.create(DEMO_USERS.alice.userId, 'key-notify-1', scamTransfer());
    await notifier.idle();
    assert.ok(lwa.isDone());
    assert.ok(alexa.isDone());
    assert.deepEqual(audience, { type: 'Unicast', payload: { user: DEMO_ALEXA_USER_IDS.alice } });
    assert.deepEqual(await notificationsOf(transfer.alertId ?? ''), [
      { channel: 'in_app', status: 'unread', recipient: null, detail: null },
      { channel: 'trusted_contact_sms', status: 'queued', recipient: 'Tom Martin (+1…23)', detail: null },
      { channel: 'alexa_proactive', status: 'sent', recipient: null, detail: null },
    ]);
  });

  it('records a failed Alexa notification and still holds the transfer', async () => {
    const lwa = nock(LWA).post('/auth/o2/token').reply(500, 'upstream down');
    const { transfers, notifier } = antiFraud();
    const { transfer } = await transfers.create(DEMO_USERS.sofia.userId, 'key-notify-2', scamTransfer({ currency: 'MXN' }));
    await notifier.idle();
    assert.ok(lwa.isDone());
    assert.equal(transfer.status, 'held');
    assert.deepEqual(await notificationsOf(transfer.alertId ?? ''), [
      { channel: 'in_app', status: 'unread', recipient: null, detail: null },
      { channel: 'alexa_proactive', status: 'failed', recipient: null, detail: 'token request refused with HTTP 500' },
    ]);
  });
});
