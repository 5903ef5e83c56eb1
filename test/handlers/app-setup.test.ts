import assert from 'node:assert/strict';
import { testApp } from '../support/skill';

describe('the app starts clean', () => {
  it('initializes without an error: no two components claim the same global intent', async () => {
    const app = testApp();
    const errors: string[] = [];
    // Jovo reports a duplicate global handler (e.g. two END handlers) through onError, not by throwing.
    app.onError((error) => {
      errors.push(error.message);
    });
    await app.initialize();
    assert.deepEqual(errors, []);
  });
});
