import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@jovotech/framework';
import { createLogger } from '../../../src/shared/logger';
import { AlexaRequestVerifier } from '../../../src/skill/server/alexa-verification';
import { createSkillServer, SKILL_PATHS } from '../../../src/skill/server/express';
import { TimestampVerifier } from 'ask-sdk-express-adapter';
import { createSigningIdentity, PreloadedSignatureVerifier, signedHeaders } from '../../support/alexa-signing';
import { createApp } from '../../../src/skill/app';
import { BackendClient } from '../../../src/skill/services/backend-client';
import { speechToText } from '../../../src/skill/speech/ssml';
import { intentRequest, launchRequest } from '../../support/alexa-request';
import { expected, testApp } from '../../support/skill';

async function serve(app: App, alexaVerifier?: AlexaRequestVerifier): Promise<{ url: string; server: Server }> {
  await app.initialize();
  const server = createSkillServer({ app, logger: createLogger('silent'), alexaVerifier });
  return new Promise((resolve) => {
    const listening = server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, server: listening });
    });
  });
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('skill HTTP entry', () => {
  describe('in production (signatures verified)', () => {
    let url: string;
    let server: Server;
    before(async () => ({ url, server } = await serve(testApp(), new AlexaRequestVerifier({ skillId: 'amzn1.ask.skill.test-carevoice' }))));
    after(() => server.close());

    it('refuses an unsigned Alexa request with 400 and a reason, and does not process it', async () => {
      const response = await post(url + SKILL_PATHS.alexa, launchRequest({ locale: 'en-US', accessToken: 'demo-alice' }));
      assert.equal(response.status, 400);
      const body = await response.json();
      assert.equal(body.error.code, 'bad_request');
      assert.match(body.error.message, /certificate|signature/i);
      assert.equal(body.response, undefined);
    });

    it('refuses a request with a forged certificate URL', async () => {
      const response = await post(url + SKILL_PATHS.alexa, launchRequest({ locale: 'en-US' }), {
        signaturecertchainurl: 'https://evil.example.com/echo.api/echo-api-cert.pem',
        signature: 'Zm9yZ2Vk',
      });
      assert.equal(response.status, 400);
    });

    it('refuses a web-platform request at the Alexa endpoint with 400 and where it belongs', async () => {
      const webRequest = {
        version: '4.0.0',
        platform: 'web',
        id: 'r1',
        timestamp: new Date().toISOString(),
        timeZone: 'UTC',
        locale: 'en-US',
        input: { type: 'TEXT', text: 'balance' },
      };
      const response = await post(url + SKILL_PATHS.alexa, webRequest);
      assert.equal(response.status, 400);
      assert.match((await response.json()).error.message, /Not an Alexa request.*\/web\/webhook/);
    });

    it('does not let Alexa-shaped requests in through the web endpoint', async () => {
      const response = await post(url + SKILL_PATHS.web, launchRequest({ locale: 'en-US' }));
      assert.equal(response.status, 400);
      assert.match((await response.json()).error.message, /\/webhook/);
    });

    it('does not let them in without their context either (Jovo would still take them for Alexa)', async () => {
      const { context: _context, ...withoutContext } = launchRequest({ locale: 'en-US' }) as Record<string, unknown>;
      const response = await post(url + SKILL_PATHS.web, withoutContext);
      assert.equal(response.status, 400);
    });
  });

  describe('with a signed request (locally generated certificate chain)', () => {
    const identity = createSigningIdentity();
    let url: string;
    let server: Server;
    before(async () => {
      const verifier = new AlexaRequestVerifier({
        skillId: 'amzn1.ask.skill.test-carevoice',
        verifiers: [new PreloadedSignatureVerifier(identity), new TimestampVerifier()],
      });
      ({ url, server } = await serve(testApp(), verifier));
    });
    after(() => server.close());

    it('answers a request signed by the chain and sent just now', async () => {
      const body = JSON.stringify(launchRequest({ locale: 'en-US' }));
      const response = await post(url + SKILL_PATHS.alexa, body, signedHeaders(identity, body));
      assert.equal(response.status, 200);
      assert.equal(speechToText((await response.json()).response.outputSpeech.ssml), expected('en-US', 'welcome.message'));
    });

    it('refuses a body changed after signing', async () => {
      const body = JSON.stringify(launchRequest({ locale: 'en-US' }));
      const forged = body.replace('en-US', 'en-GB');
      const response = await post(url + SKILL_PATHS.alexa, forged, signedHeaders(identity, body));
      assert.equal(response.status, 400);
    });

    it('refuses a correctly signed request older than 150 seconds (a replay)', async () => {
      const stale = launchRequest({ locale: 'en-US' }) as { request: { timestamp: string } };
      stale.request.timestamp = new Date(Date.now() - 200_000).toISOString();
      const body = JSON.stringify(stale);
      const response = await post(url + SKILL_PATHS.alexa, body, signedHeaders(identity, body));
      assert.equal(response.status, 400);
      assert.match((await response.json()).error.message, /timestamp|tolerance/i);
    });

    for (const [rule, certUrl] of [
      ['not https', 'http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem'],
      ['another host', 'https://s3.evil.example.com/echo.api/echo-api-cert-test.pem'],
      ['another path', 'https://s3.amazonaws.com/other.api/echo-api-cert-test.pem'],
      ['another port', 'https://s3.amazonaws.com:8443/echo.api/echo-api-cert-test.pem'],
    ]) {
      it(`refuses a certificate URL on ${rule}, before fetching anything`, async () => {
        const body = JSON.stringify(launchRequest({ locale: 'en-US' }));
        const response = await post(url + SKILL_PATHS.alexa, body, signedHeaders(identity, body, certUrl));
        assert.equal(response.status, 400);
      });
    }
  });

  describe('checks the skill id', () => {
    it('refuses a request for another skill even when its signature would pass', async () => {
      const passAll = { verify: async () => undefined };
      const verifier = new AlexaRequestVerifier({ skillId: 'amzn1.ask.skill.ours', verifiers: [passAll] });
      const { url, server } = await serve(testApp(), verifier);
      try {
        const response = await post(url + SKILL_PATHS.alexa, launchRequest({ locale: 'en-US' }));
        assert.equal(response.status, 400);
        assert.match((await response.json()).error.message, /another skill/);
      } finally {
        server.close();
      }
    });
  });

  describe('in development (verification off)', () => {
    let url: string;
    let server: Server;
    before(async () => ({ url, server } = await serve(testApp())));
    after(() => server.close());

    it('answers a LaunchRequest with the welcome', async () => {
      const response = await post(url + SKILL_PATHS.alexa, launchRequest({ locale: 'de-DE' }));
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.response.shouldEndSession, false);
      assert.match(body.response.outputSpeech.ssml, /^<speak>.+<\/speak>$/);
    });

    it('answers malformed JSON and oversized bodies with 400 and a reason, never a stack', async () => {
      const malformed = await post(url + SKILL_PATHS.alexa, '{"version": ');
      assert.equal(malformed.status, 400);
      assert.match((await malformed.json()).error.message, /not valid JSON/);

      const oversized = await post(url + SKILL_PATHS.alexa, { padding: 'x'.repeat(300 * 1024) });
      assert.equal(oversized.status, 400);
      const text = await oversized.text();
      assert.match(text, /larger than/);
      assert.doesNotMatch(text, /\bat .+\.(ts|js):\d+/);
    });

    it('answers an unexpected failure with a spoken apology in the user language, not a 500 with a stack', async () => {
      const failingBackend = new BackendClient({ baseUrl: 'http://backend.test', timeoutMs: 100 });
      failingBackend.balances = () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'secret')"));
      const { url: failingUrl, server: failingServer } = await serve(createApp({ backend: failingBackend, logger: createLogger('silent') }));
      try {
        const response = await post(failingUrl + SKILL_PATHS.alexa, intentRequest('BalanceIntent', {}, { locale: 'fr-FR', accessToken: 'demo-alice' }));
        const text = await response.text();
        assert.equal(response.status, 200, text);
        const body = JSON.parse(text);
        assert.equal(speechToText(body.response.outputSpeech.ssml), expected('fr-FR', 'errors.generic'));
        assert.equal(body.response.shouldEndSession, false);
        assert.doesNotMatch(text, /TypeError|Cannot read|secret|\.ts:\d+/);
      } finally {
        failingServer.close();
      }
    });
  });
});
