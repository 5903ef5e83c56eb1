import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { DestinationStream } from 'pino';
import { ApiPaths } from '../../src/shared/contract/api';
import { createBackendApp } from '../../src/backend/app';
import { openSeededStore } from '../../src/backend/seed/seed';
import { createLogger } from '../../src/shared/logger';
import { DEMO_USERS, makeDataDir, serve, startTestBackend, type TestBackend } from './support';
import { testStoreIn } from '../support/store';

const { alice, bruno } = DEMO_USERS;

/** A pino destination that keeps every line, to check what reaches the logs. */
function capturedLogs(): { destination: DestinationStream; text(): string; entries(): Array<Record<string, unknown>> } {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => lines.push(line) },
    text: () => lines.join(''),
    entries: () => lines.map((line) => JSON.parse(line)),
  };
}

describe('backend: errors', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startTestBackend();
  });
  after(() => backend.close());

  it('answers malformed JSON with a 400 JSON error', async () => {
    const reply = await backend.api.post(ApiPaths.voiceCodeVerify, '{"code": "12', { token: bruno.token });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, { error: { code: 'bad_request', message: 'The request body is not valid JSON' } });
  });

  it('answers a body over 100 kB with a 413 JSON error', async () => {
    const reply = await backend.api.post(
      ApiPaths.voiceCodeVerify,
      { code: '1234', padding: 'x'.repeat(110_000) },
      {
        token: bruno.token,
      },
    );
    assert.equal(reply.status, 413);
    assert.equal(reply.body.error.code, 'payload_too_large');
  });

  it('answers unknown routes and methods with a 404 JSON error, with or without a token', async () => {
    for (const [method, path, token] of [
      ['GET', '/v2/balances', undefined],
      ['GET', '/v1/balance', alice.token],
      ['DELETE', ApiPaths.profile, alice.token],
    ] as const) {
      const reply = await backend.api.call(method, path, { token });
      assert.equal(reply.status, 404, `${method} ${path}`);
      assert.deepEqual(reply.body, { error: { code: 'not_found', message: `No such endpoint: ${method} ${path}` } });
    }
  });

  it('marks account data as not cacheable', async () => {
    const reply = await backend.api.get(ApiPaths.balances, { token: alice.token });
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
  });
});

describe('backend: unexpected failures', () => {
  it('answers a generic 500 JSON error without any trace, and logs the cause under the request id', async () => {
    const dataDir = await makeDataDir();
    const db = await openSeededStore(await testStoreIn(dataDir));
    const logs = capturedLogs();
    const server = await serve(createBackendApp({ db, logger: createLogger('info', logs.destination) }));
    try {
      await db.close();
      const reply = await server.api.get(ApiPaths.profile, { token: alice.token });
      assert.equal(reply.status, 500);
      assert.deepEqual(reply.body, {
        error: { code: 'internal', message: 'Something went wrong on our side. Please try again later.' },
      });
      assert.doesNotMatch(reply.text, /stack|\bat |database|\.ts/i);

      const failure = logs.entries().find((entry) => entry.msg === 'request failed');
      assert.ok(failure, 'the failure is logged');
      assert.equal(failure.requestId, reply.headers.get('x-request-id'));
      assert.match(JSON.stringify(failure.err), /driver has already been destroyed/);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('backend: logs', () => {
  it('never contain bearer tokens, voice codes or voice sessions', async () => {
    const dataDir = await makeDataDir();
    const db = await openSeededStore(await testStoreIn(dataDir));
    const logs = capturedLogs();
    const server = await serve(createBackendApp({ db, logger: createLogger('trace', logs.destination) }));
    try {
      await server.api.post(ApiPaths.voiceCodeVerify, { code: '9999' }, { token: bruno.token });
      const voiceSession = await server.api.voiceSession(bruno);
      await server.api.get(ApiPaths.balances, { token: bruno.token, voiceSession });
      await server.api.post(ApiPaths.voiceCodeReset, { newCode: '8642' }, { token: bruno.mobileAppToken });
      await db.close();
      await server.api.get(ApiPaths.balances, { token: bruno.token, voiceSession });

      const text = logs.text();
      assert.match(text, /request failed/, 'the logs were captured');
      for (const secret of [bruno.token, bruno.mobileAppToken, voiceSession]) {
        assert.ok(!text.includes(secret), `a secret reached the logs: ${secret}`);
      }
      assert.doesNotMatch(text, /\b(1234|9999|8642)\b/);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('redact secrets even when a request or body is logged by mistake', () => {
    const logs = capturedLogs();
    createLogger('info', logs.destination).info(
      {
        req: { headers: { authorization: 'Bearer demo-alice', 'x-voice-session': 'session-secret' } },
        body: { code: '1234' },
        result: { voiceSession: 'session-secret-2' },
      },
      'careless',
    );
    assert.match(logs.text(), /\[redacted\]/);
    assert.doesNotMatch(logs.text(), /demo-alice|session-secret|1234/);
  });
});
