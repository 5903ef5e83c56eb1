import assert from 'node:assert/strict';
import type { APIGatewayEvent, Context } from 'aws-lambda';
import { handler } from '../../../src/skill/server/lambda';
import { speechToText } from '../../../src/skill/speech/ssml';
import { launchRequest } from '../../support/alexa-request';
import { expected } from '../../support/skill';

interface AlexaResult {
  response: { outputSpeech: { ssml: string }; shouldEndSession: boolean };
}

describe('AWS Lambda entry', () => {
  it('answers an Alexa request invoked directly, in the request language', async () => {
    const event = launchRequest({ locale: 'es-ES' }) as unknown as APIGatewayEvent;
    const result = (await handler(event, {} as Context)) as AlexaResult;
    assert.equal(speechToText(result.response.outputSpeech.ssml), expected('es-ES', 'welcome.message'));
    assert.equal(result.response.shouldEndSession, false);
  });

  it('answers malformed JSON through an API gateway with 400 and a reason', async () => {
    const event = { body: '{"version":', headers: {} } as unknown as APIGatewayEvent;
    const result = (await handler(event, {} as Context)) as { statusCode: number; body: string };
    assert.equal(result.statusCode, 400);
    assert.match(JSON.parse(result.body).error.message, /not valid JSON/);
  });
});
