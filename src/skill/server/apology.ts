import type { App } from '@jovotech/framework';
import { speechToText } from '../speech/ssml';

interface RequestShape {
  version?: unknown;
  request?: { locale?: unknown; type?: unknown };
  context?: { System?: unknown };
  locale?: unknown;
  platform?: unknown;
}

/** A locale tag worth asking i18next for: the request is whatever the caller sent (a number, 1 MB...). */
const LOCALE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$/;

function localeOf(body: RequestShape): string {
  for (const candidate of [body.request?.locale, body.locale]) {
    if (typeof candidate === 'string' && LOCALE_TAG.test(candidate)) return candidate;
  }
  return 'en';
}

function isAlexaEnvelope(body: RequestShape): boolean {
  return Boolean(body?.version && body?.request && body?.context?.System);
}

/**
 * The last line of defence when a turn fails unexpectedly: a localized apology in the shape
 * the platform expects, with the session kept open, instead of an HTTP 500 (and never a stack).
 */
export function apologyResponse(app: App, requestBody: unknown): Record<string, unknown> {
  const body = (typeof requestBody === 'object' && requestBody !== null ? requestBody : {}) as RequestShape;
  const locale = localeOf(body);
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
    platform: body.platform === 'core' ? 'core' : 'web',
    output: [{ message: speechToText(message) }],
    context: { session: { end: false, data: {} } },
  };
}
