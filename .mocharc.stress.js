// `npm run test:stress`: the tests that kill processes and load the servers (a minute or more).
// They run apart from `npm test` (see .mocharc.js), and .ci/run runs them after it.
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
process.env.NODE_ENV = 'test';

module.exports = {
  require: ['ts-node/register', './test/support/setup.ts'],
  spec: ['test/stress/**/*.test.ts'],
  reporter: './test/support/reporter.js',
  timeout: 180000,
  exit: true,
};
