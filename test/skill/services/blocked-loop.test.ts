/**
 * A skill process whose event loop is held up past the backend timeout (a model loading, a long
 * turn) must answer late or apologise, never die: destroying a socket whose answer was waiting to
 * be read aborted Node itself (a libuv assertion), which took the whole process down.
 */
import assert from 'node:assert/strict';
import { BackendClient, BackendError } from '../../../src/skill/services/backend-client';
import { DEMO_USERS } from '../../../src/shared/demo-users';
import { startTestBackend, type TestBackend } from '../../backend/support';

/** Holds the event loop, as a synchronous model load or training does. */
function holdTheLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
}

describe('backend client: an event loop held up past the timeout', function () {
  this.timeout(60_000);
  let backend: TestBackend;
  before(async () => {
    backend = await startTestBackend();
  });
  after(() => backend.close());

  it('keeps the process alive, and every call ends answered or as a backend error', async () => {
    const client = new BackendClient({ baseUrl: backend.api.url, timeoutMs: 300 });
    const credentials = { accessToken: DEMO_USERS.alice.token };
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const calls = [client.alerts(credentials), client.balances(credentials)].map((call) =>
        call.then(
          () => 'answered',
          (error: unknown) => (error instanceof BackendError ? 'backend error' : `crash: ${String(error)}`),
        ),
      );
      // The requests go out, then the loop is held past their timeout before anything is read.
      await new Promise((resolve) => setImmediate(resolve));
      holdTheLoop(400 + (round % 3) * 50);
      outcomes.push(...(await Promise.all(calls)));
    }
    assert.equal(outcomes.length, 40);
    assert.deepEqual(
      [...new Set(outcomes)].filter((outcome) => outcome.startsWith('crash')),
      [],
    );
  });
});
