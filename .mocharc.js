// ts-node in transpile-only mode still emits the decorator metadata Jovo's DI needs.
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
process.env.NODE_ENV = 'test';

module.exports = {
  require: ['ts-node/register', './test/support/setup.ts'],
  spec: ['test/**/*.test.ts'],
  // The kill and load tests run on their own: `npm run test:stress` (.mocharc.stress.js).
  ignore: ['test/stress/**'],
  reporter: './test/support/reporter.js',
  timeout: 20000,
  exit: true,
};
