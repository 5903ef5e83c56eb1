// `npm run test:postgres`: the backend tests again, each on a PostgreSQL schema of its own instead of
// a SQLite file (test/support/store.ts); .ci/run runs it after `npm test`. Needs the test database
// (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
process.env.CAREVOICE_TEST_ENGINE = 'postgres';

module.exports = {
  ...require('./.mocharc.js'),
  spec: ['test/backend/**/*.test.ts'],
  ignore: [],
  timeout: 60000,
};
