import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/skill/config';

const SKILL_ID = 'amzn1.ask.skill.test-carevoice';

/** loadConfig for a given environment, never the test process's own. */
const configFrom = (env: Record<string, string>) => loadConfig(env);

function rejectionOf(env: Record<string, string>): ConfigError {
  try {
    configFrom(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

describe('unit: config', () => {
  describe('defaults', () => {
    it('listens on 3000 and finds the backend on localhost:4000 with nothing set', () => {
      const config = configFrom({});
      assert.equal(config.environment, 'development');
      assert.equal(config.port, 3000);
      assert.equal(config.backendUrl, 'http://localhost:4000');
      assert.equal(config.backendTimeoutMs, 2500);
    });

    it('derives the backend URL from BACKEND_PORT, unless BACKEND_URL is given (without its trailing slash)', () => {
      assert.equal(configFrom({ BACKEND_PORT: '4100' }).backendUrl, 'http://localhost:4100');
      assert.equal(configFrom({ BACKEND_PORT: '4100', BACKEND_URL: 'https://api.example.com/' }).backendUrl, 'https://api.example.com');
    });
  });

  describe('BACKEND_TIMEOUT_MS: a slow backend must leave time for the apology within Alexa’s 8 s', () => {
    it('accepts up to 2500 ms', () => {
      assert.equal(configFrom({ BACKEND_TIMEOUT_MS: '2500' }).backendTimeoutMs, 2500);
      assert.equal(configFrom({ BACKEND_TIMEOUT_MS: '800' }).backendTimeoutMs, 800);
    });

    it('refuses more than 2500 ms, naming the variable', () => {
      for (const value of ['2501', '8000']) {
        assert.match(rejectionOf({ BACKEND_TIMEOUT_MS: value }).message, /BACKEND_TIMEOUT_MS/, value);
      }
    });

    it('refuses something that is not a number of milliseconds, naming the variable', () => {
      assert.match(rejectionOf({ BACKEND_TIMEOUT_MS: 'soon' }).message, /BACKEND_TIMEOUT_MS/);
    });
  });

  describe('Alexa request signatures', () => {
    it('are always verified in production, even with ALEXA_VERIFY_SIGNATURES=false', () => {
      assert.equal(configFrom({ NODE_ENV: 'production', ALEXA_SKILL_ID: SKILL_ID }).verifyAlexaSignatures, true);
      assert.equal(configFrom({ NODE_ENV: 'production', ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURES: 'false' }).verifyAlexaSignatures, true);
      assert.equal(configFrom({ NODE_ENV: 'production', ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURES: '0' }).verifyAlexaSignatures, true);
    });

    it('are off by default in development and test, and on with "true" or "1"', () => {
      assert.equal(configFrom({ NODE_ENV: 'development' }).verifyAlexaSignatures, false);
      assert.equal(configFrom({ NODE_ENV: 'test' }).verifyAlexaSignatures, false);
      assert.equal(configFrom({ NODE_ENV: 'development', ALEXA_VERIFY_SIGNATURES: 'true' }).verifyAlexaSignatures, true);
      assert.equal(configFrom({ NODE_ENV: 'development', ALEXA_VERIFY_SIGNATURES: '1' }).verifyAlexaSignatures, true);
      assert.equal(configFrom({ NODE_ENV: 'development', ALEXA_VERIFY_SIGNATURES: 'false' }).verifyAlexaSignatures, false);
    });

    it('in production, refuse to start without the skill id they must check, naming the variable', () => {
      assert.match(rejectionOf({ NODE_ENV: 'production' }).message, /ALEXA_SKILL_ID: required in production/);
      assert.equal(configFrom({ NODE_ENV: 'development' }).alexaSkillId, undefined);
    });

    it('refuse a switch value they do not understand rather than guessing, naming the variable', () => {
      assert.match(rejectionOf({ ALEXA_VERIFY_SIGNATURES: 'yes' }).message, /ALEXA_VERIFY_SIGNATURES/);
    });
  });

  it('names every bad variable at once', () => {
    const message = rejectionOf({ PORT: 'eighty', BACKEND_TIMEOUT_MS: '9000' }).message;
    assert.match(message, /PORT/);
    assert.match(message, /BACKEND_TIMEOUT_MS/);
  });
});
