/**
 * AWS Lambda entry: how the skill scales past one machine. Handlers are stateless (session
 * state travels with Alexa's session attributes, account state lives in the backend), so
 * any number of instances can answer. Configuration comes from the same environment
 * variables as the express server; BACKEND_URL must point at the deployed backend.
 */
import type { APIGatewayEvent, Callback, Context } from 'aws-lambda';
import { loadConfig } from '../config';
import { createLogger } from '../../shared/logger';
import { AlexaRequestVerifier } from './alexa-verification';
import { SafeLambda } from './safe-lambda';
import { createConfiguredApp } from '../stage';

const config = loadConfig();
const logger = createLogger(config.logLevel).child({ component: 'skill-lambda' });
const app = createConfiguredApp();
// Invoked by Alexa directly, Lambda has no signature to check, only the skill id; through an
// API gateway the request arrives over HTTP and gets the same checks as the express server.
const directInvocationVerifier = new AlexaRequestVerifier({ skillId: config.alexaSkillId, verifiers: [] });
const httpVerifier = config.verifyAlexaSignatures ? new AlexaRequestVerifier({ skillId: config.alexaSkillId }) : undefined;

function badRequest(reason: string) {
  return {
    statusCode: 400,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: { code: 'bad_request', message: reason } }),
  };
}

export async function handler(event: APIGatewayEvent, context: Context, callback?: Callback): Promise<unknown> {
  await app.initialize();
  const viaHttp = typeof event.body !== 'undefined';
  try {
    if (viaHttp) {
      if (typeof event.body !== 'string') return badRequest('Request body missing');
      JSON.parse(event.body);
      await httpVerifier?.verify(event.body, event.headers);
    } else {
      await directInvocationVerifier.verify(JSON.stringify(event), {});
    }
  } catch (error) {
    logger.warn({ reason: error instanceof Error ? error.message : 'unknown' }, 'refused request');
    if (viaHttp) return badRequest(error instanceof SyntaxError ? 'Request body is not valid JSON' : 'Request refused');
    throw new Error('Request refused');
  }

  return new Promise((resolve, reject) => {
    const done: Callback = (error, result) => {
      callback?.(error, result);
      if (error) reject(error);
      else resolve(result);
    };
    void app.handle(new SafeLambda(event, context, done, app, logger));
  });
}
