import assert from 'node:assert/strict';
import { ApiPaths, buildPath } from '../../src/shared/contract/api';
import { DEMO_USERS, startTestBackend, type TestBackend } from './support';

describe('backend: authentication', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startTestBackend();
  });
  after(() => backend.close());

  it('answers 401 with a JSON reason when the bearer token is missing', async () => {
    const reply = await backend.api.get(ApiPaths.profile);
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get('www-authenticate'), 'Bearer');
    assert.equal(reply.body.error.code, 'unauthorized');
    assert.match(reply.body.error.message, /Authorization: Bearer/);
  });

  it('answers 401 to an unknown token and to a token sent with another scheme', async () => {
    const unknown = await backend.api.get(ApiPaths.profile, { token: 'demo-mallory' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error.code, 'unauthorized');

    const basic = await backend.api.get(ApiPaths.profile, { headers: { Authorization: `Basic ${DEMO_USERS.alice.token}` } });
    assert.equal(basic.status, 401);
  });

  it('shows each token its own user', async () => {
    for (const user of Object.values(DEMO_USERS)) {
      const reply = await backend.api.get(ApiPaths.profile, { token: user.token });
      assert.equal(reply.status, 200);
      assert.equal(reply.body.displayName, user.displayName);
    }
  });

  it("never shows one user's transaction to another, by id or in a list", async () => {
    const bruno = DEMO_USERS.bruno;
    const brunoSession = await backend.api.voiceSession(bruno);
    const brunos = await backend.api.allTransactions(bruno, '', brunoSession);
    const alices = await backend.api.allTransactions(DEMO_USERS.alice);
    assert.ok(brunos.length > 0 && alices.length > 0);

    const brunoIds = new Set(brunos.map((transaction) => transaction.id));
    assert.equal(alices.filter((transaction) => brunoIds.has(transaction.id)).length, 0);

    const stolen = await backend.api.get(buildPath(ApiPaths.transaction, { id: brunos[0].id }), {
      token: DEMO_USERS.alice.token,
    });
    assert.equal(stolen.status, 404);
    assert.equal(stolen.body.error.code, 'not_found');
    // Bruno's voice session does not lend Alice his data either.
    const withHisSession = await backend.api.get(buildPath(ApiPaths.transaction, { id: brunos[0].id }), {
      token: DEMO_USERS.alice.token,
      voiceSession: brunoSession,
    });
    assert.equal(withHisSession.status, 404);
  });
});
