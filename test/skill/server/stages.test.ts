import assert from 'node:assert/strict';

describe('the development stage (npm start)', () => {
  it('leaves the Jovo debugger out unless started with --jovo-webhook (npm run dev)', async () => {
    // Loaded, the debugger adds a platform with its own trained nlp.js model, which Jovo then
    // deep-copies on every request: about 90 ms per turn, connected or not.
    const testEnvironment = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development'; // Jovo leaves the debugger out of tests by itself
    try {
      const { app } = await import('../../../src/skill/app.dev');
      assert.equal(process.argv.includes('--jovo-webhook'), false);
      assert.deepEqual(
        Object.keys(app.plugins).filter((name) => name.startsWith('JovoDebugger')),
        [],
      );
    } finally {
      process.env.NODE_ENV = testEnvironment;
    }
  });
});
