import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { createApp } from '../../../src/skill/app';
import { createBackendApp } from '../../../src/backend/app';
import type { Db } from '../../../src/backend/db/db';
import { openSeededStore } from '../../../src/backend/seed/seed';
import { BackendClient } from '../../../src/skill/services/backend-client';
import { ApiPaths, TransferPaths } from '../../../src/shared/contract/api';
import { createLogger, scrubSecrets } from '../../../src/shared/logger';
import { createSkillServer, SKILL_PATHS } from '../../../src/skill/server/express';
import { alexaEnvelope, intentRequest, launchRequest } from '../../support/alexa-request';
import { DEMO_USERS, makeDataDir, serve, type Api } from '../../backend/support';
import { testStoreIn } from '../../support/store';

const { alice, bruno } = DEMO_USERS;
const IBAN = 'DE89 3704 0044 0532 0130 00';
const IBAN_COMPACT = IBAN.replace(/ /g, '');
const CARD = '4111-1111-1111-1111';

/** Every line a pino logger writes, kept to grep. */
function capturedLogs(): { destination: DestinationStream; text(): string; entries(): Array<Record<string, any>> } {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => lines.push(line) },
    text: () => lines.join(''),
    entries: () => lines.map((line) => JSON.parse(line)),
  };
}

/** Every string value under a key named `key`, at any depth. */
function valuesOf(value: unknown, key: string, found: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return found;
  for (const [name, item] of Object.entries(value)) {
    if (name === key && typeof item === 'string') found.push(item);
    valuesOf(item, key, found);
  }
  return found;
}

function assertNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `a secret reached the logs: ${secret}`);
  }
}

describe('security: logs of real skill and backend requests', () => {
  const logs = capturedLogs();
  let dataDir: string;
  let db: Db;
  let backend: { api: Api; close(): Promise<void> };
  let skill: Server;
  let skillUrl: string;

  before(async () => {
    dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
    // trace: the most a logger can say, so whatever could leak, would.
    const logger = createLogger('trace', logs.destination);
    backend = await serve(createBackendApp({ db, logger: logger.child({ component: 'backend' }) }));
    const app = createApp({
      backend: new BackendClient({ baseUrl: backend.api.url, timeoutMs: 2000 }),
      logger: logger.child({ component: 'skill' }),
    });
    await app.initialize();
    const server = createSkillServer({ app, logger: logger.child({ component: 'skill' }) });
    skill = await new Promise<Server>((resolve) => {
      const listening = server.listen(0, '127.0.0.1', () => resolve(listening));
    });
    skillUrl = `http://127.0.0.1:${(skill.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => skill.close(resolve));
    await backend.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function postSkill(path: string, body: unknown): Promise<any> {
    const response = await fetch(skillUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
  }

  it('hold no token, voice code, voice session, account or card number, at trace level', async () => {
    const responses: unknown[] = [];
    // Alexa: Bruno opens the skill, says a wrong voice code, then the right one, then asks his balance.
    const launch = await postSkill(SKILL_PATHS.alexa, launchRequest({ locale: 'de-DE', accessToken: bruno.token }));
    responses.push(launch);
    let attributes = launch.sessionAttributes ?? {};
    const turn = async (intent: string, slots: Record<string, string>) => {
      const reply = await postSkill(
        SKILL_PATHS.alexa,
        intentRequest(intent, slots, { locale: 'de-DE', accessToken: bruno.token, sessionAttributes: attributes }),
      );
      responses.push(reply);
      attributes = reply.sessionAttributes ?? attributes;
      return reply;
    };
    await turn('BalanceIntent', {});
    await turn('VoiceCodeIntent', { code: '9753' });
    await turn('VoiceCodeIntent', { code: bruno.voiceCode as string });
    await turn('BalanceIntent', {});
    // A slot holding an account number, and an unknown intent whose slot says the code again.
    responses.push(await postSkill(SKILL_PATHS.alexa, intentRequest('PhoneNumberIntent', { phone: IBAN }, { locale: 'en-US', accessToken: alice.token })));
    responses.push(
      await postSkill(
        SKILL_PATHS.alexa,
        alexaEnvelope(
          { type: 'IntentRequest', intent: { name: 'MadeUpIntent', slots: { code: { name: 'code', value: bruno.voiceCode } } } },
          { locale: 'en-US', accessToken: alice.token },
        ),
      ),
    );
    // Web: the token travels in the body, the user types an IBAN and a card number.
    responses.push(
      await postSkill(SKILL_PATHS.web, {
        version: '4.0.0',
        platform: 'web',
        id: 'r1',
        timestamp: new Date().toISOString(),
        locale: 'en-US',
        timeZone: 'Europe/Berlin',
        data: { accessToken: alice.token },
        input: { type: 'TEXT', text: `send 20 euros to ${IBAN} with card ${CARD}` },
        context: { device: { id: 'd1', capabilities: ['SCREEN'] }, session: { id: 's1', data: {} }, user: { id: 'u1', data: {} } },
      }),
    );

    // Backend directly: a transfer to an IBAN, a voice code reset from the app, a failing request.
    const transfer = await backend.api.post(
      TransferPaths.transfers,
      { payee: { name: 'Daniel Brooks', account: IBAN }, amountMinor: 1500, currency: 'USD', channel: 'mobile_app' },
      { token: alice.token, headers: { 'Idempotency-Key': 'log-redaction-transfer-1' } },
    );
    assert.equal(transfer.status, 201, transfer.text);
    const reset = await backend.api.post(ApiPaths.voiceCodeReset, { newCode: '8642' }, { token: bruno.mobileAppToken });
    assert.equal(reset.status, 204);

    const voiceSessions = valuesOf(responses, 'voiceSession');
    assert.ok(voiceSessions.length > 0, 'the conversation opened a voice session');

    const text = logs.text();
    const entries = logs.entries();
    // The logs were really captured, from both sides, with the turns described.
    assert.ok(entries.some((entry) => entry.component === 'skill' && entry.msg === 'request' && entry.path === SKILL_PATHS.web));
    assert.ok(entries.some((entry) => entry.component === 'backend' && entry.msg === 'request' && entry.path === TransferPaths.transfers));
    assert.ok(entries.some((entry) => entry.msg === 'turn' && entry.turn.intent === 'VoiceCodeIntent' && entry.turn.slots.includes('code')));

    assertNoSecrets(text, [alice.token, bruno.token, bruno.mobileAppToken as string, ...voiceSessions, IBAN, IBAN_COMPACT, CARD, 'log-redaction-transfer-1']);
    assert.doesNotMatch(text, /\b(9753|1234|8642)\b/, 'a voice code reached the logs');
  });

  it('scrub secrets at any depth even when a whole request is logged by mistake', () => {
    const careless = capturedLogs();
    const logger = createLogger('info', careless.destination);
    const alexaBody = intentRequest('VoiceCodeIntent', { code: '1234' }, { locale: 'en-US', accessToken: 'atza|secret-token-1' });
    const webBody = { data: { accessToken: 'secret-token-2' }, input: { text: `pay ${IBAN}`, entities: { code: { value: '5678' } } } };
    logger.info({ body: alexaBody, web: webBody, headers: { Authorization: 'Bearer secret-token-3', 'X-Voice-Session': 'secret-session' } }, 'careless');
    logger.warn(`payment to ${IBAN_COMPACT} refused for Bearer secret-token-4`);
    logger.error({ err: Object.assign(new Error(`card ${CARD} declined`), { code: 'SQLITE_BUSY' }) }, 'failed');

    const text = careless.text();
    assert.match(text, /\[redacted\]/);
    assertNoSecrets(text, ['secret-token', 'secret-session', IBAN, IBAN_COMPACT, CARD, '1234', '5678']);
    // What is not secret stays readable.
    assert.match(text, /SQLITE_BUSY/);
    assert.match(text, /VoiceCodeIntent/);
    assert.match(text, /declined/);
  });

  it('keeps the ordinary fields of a log line as they are', () => {
    const entry = {
      requestId: '3f2a1c9e-0000-4000-8000-123456789012',
      status: 409,
      error: { code: 'insufficient_funds' },
      reference: '31415920',
      amountMinor: 120000,
    };
    assert.deepEqual(scrubSecrets(entry), entry);
  });
});
