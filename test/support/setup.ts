// Loaded by mocha before any test file (see .mocharc.js).
import nock from 'nock';
import { dropTestSchemas } from './store';

// Tests never reach the network: only loopback servers started by the tests themselves.
nock.disableNetConnect();
nock.enableNetConnect(/(127\.0\.0\.1|localhost)/);

// Jovo's TestSuite requires '@jest/globals'; resolve it to mocha's hooks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveJestGlobals(request: string, ...rest: unknown[]) {
  if (request === '@jest/globals') return require.resolve('./jest-globals.js');
  return originalResolve.call(this, request, ...rest);
};

// Root hooks: the PostgreSQL schemas the backend tests made are dropped when the run ends.
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await dropTestSchemas();
  },
};
