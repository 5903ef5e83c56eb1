import type { App } from '@jovotech/framework';
import { speechToText } from '../speech/ssml';

interface RequestShape {
  version?: string;
  request?: { locale?: string; type?: string };
  context?: { System?: unknown };
  locale?: string;
  platform?: string;
}

function isAlexaEnvelope(body: RequestShape): boolean {
  return Boolean(body?.version && body?.request && body?.context?.System);
}

/**
 * The last line of defence when a turn fails unexpectedly: a localized apology in the shape
 * the platform expects, with the session kept open, instead of an HTTP 500 (and never a stack).
 */
export function apologyResponse(app: App, requestBody: unknown): Record<string, unknown> {
  const body = (requestBody ?? {}) as RequestShape;
  const locale = body.request?.locale ?? body.locale ?? 'en';
  const message = String(app.i18n.t('errors.generic', { lng: locale }));
  if (isAlexaEnvelope(body)) {
    return {
      version: '1.0',
      response: {
        outputSpeech: { type: 'SSML', ssml: `<speak>${message}</speak>` },
        reprompt: { outputSpeech: { type: 'SSML', ssml: `<speak>${message}</speak>` } },
        shouldEndSession: false,
      },
    };
  }
  return {
    version: '4.0.0',
    platform: body.platform ?? 'web',
    output: [{ message: speechToText(message) }],
    context: { session: { end: false, data: {} } },
  };
}
