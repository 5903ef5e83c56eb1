/**
 * Conversation harness: drives the real app turn by turn with real Alexa or web requests
 * through Jovo's TestSuite, and reads back what the user would hear.
 */
import assert from 'node:assert/strict';
import { App, TestSuite } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { CorePlatform, WebPlatform } from '@jovotech/platform-web';
import type { TOptions } from 'i18next';
import { AppDependencies, createApp } from '../../src/skill/app';
import { createLogger } from '../../src/shared/logger';
import { BackendClient } from '../../src/skill/services/backend-client';
import { i18nConfig, speechI18n } from '../../src/skill/i18n';
import { speechToText } from '../../src/skill/speech/ssml';
import { ALEXA_TEST_USER_ID, intentRequest, launchRequest, sessionEndedRequest, skillEventRequest, SlotValue } from './alexa-request';

export const BACKEND_URL = 'http://backend.test';
/** Short, so timeout tests stay quick; production allows up to 2.5 s. */
export const TEST_BACKEND_TIMEOUT_MS = 200;

export function testApp(dependencies: Partial<AppDependencies> = {}): App {
  return createApp({
    backend: new BackendClient({ baseUrl: BACKEND_URL, timeoutMs: TEST_BACKEND_TIMEOUT_MS }),
    logger: createLogger('silent'),
    ...dependencies,
  });
}

const translator = speechI18n();
void translator.init({ ...i18nConfig(), initImmediate: false });

/** What the locale files say for a key, in a locale: the words the user should hear. */
export function expected(locale: string, key: string, params: TOptions = {}): string {
  return speechToText(String(translator.t(key, { ...params, lng: locale })));
}

/** The answer of a FAQ topic, as the locale file words it. */
export function faqAnswer(locale: string, topic: string): string {
  return expected(locale, `faq.answers.${topic}`);
}

/** Not understood, said plainly: what the skill can do, then what the user would like. */
export function notUnderstood(locale: string): string {
  return `${expected(locale, 'understanding.notUnderstood')} ${expected(locale, 'understanding.whatNow')}`;
}

/**
 * What was said before the "anything else?" that follows every answer; fails when the answer does
 * not end with one of the locale's variants, or leaves the user without the reprompt.
 */
export function toldBefore(turn: Turn, locale: string): string {
  assert.equal(turn.sessionEnds, false);
  assert.equal(turn.reprompt, expected(locale, 'anythingElse.reprompt'));
  return beforeAnythingElse(turn.speech, locale);
}

/** The speech without its closing "anything else?" (one of the locale's variants, which must be there). */
export function beforeAnythingElse(speech: string, locale: string): string {
  const prompts = (translator.t('anythingElse.prompt', { lng: locale, returnObjects: true }) as string[]).map((prompt) => speechToText(prompt));
  const prompt = prompts.find((variant) => speech.endsWith(variant));
  assert.ok(prompt, `no "anything else?" at the end of: ${speech}`);
  return speech.slice(0, -prompt.length).trimEnd();
}

export interface Turn {
  /** Spoken text without markup, entities decoded. */
  speech: string;
  ssml: string;
  reprompt?: string;
  sessionEnds: boolean;
  card?: { type: string };
  /** Alexa directives, e.g. Dialog.ElicitSlot where a bare answer is expected. */
  directives?: Array<{ type: string; slotToElicit?: string; updatedIntent?: { name: string } }>;
}

interface AlexaResponseJson {
  response: {
    outputSpeech?: { ssml?: string };
    reprompt?: { outputSpeech?: { ssml?: string } };
    shouldEndSession?: boolean;
    card?: { type: string };
    directives?: Turn['directives'];
  };
}

export class AlexaConversation {
  private readonly suite: TestSuite<AlexaPlatform>;

  constructor(
    readonly locale: string,
    /** null: a user who has not linked an account / signed in. */
    private readonly accessToken: string | null = 'token-alice',
    app: App = testApp(),
  ) {
    // The user id of the envelopes (alexa-request.ts): the suite would otherwise put a random uuid there, which Alexa never sends.
    this.suite = new TestSuite<AlexaPlatform>({ platform: AlexaPlatform, app, locale, userId: ALEXA_TEST_USER_ID });
  }

  launch(): Promise<Turn> {
    return this.send(launchRequest({ locale: this.locale, accessToken: this.accessToken ?? undefined }));
  }

  intent(name: string, slots: Record<string, SlotValue> = {}): Promise<Turn> {
    return this.send(intentRequest(name, slots, { locale: this.locale, accessToken: this.accessToken ?? undefined }));
  }

  sessionEnded(reason: Parameters<typeof sessionEndedRequest>[0] = 'USER_INITIATED'): Promise<Turn> {
    return this.send(sessionEndedRequest(reason, { locale: this.locale, accessToken: this.accessToken ?? undefined }));
  }

  skillEvent(type: string, body: Record<string, unknown> = {}): Promise<Turn> {
    return this.send(skillEventRequest(type, body, { locale: this.locale, accessToken: this.accessToken ?? undefined }));
  }

  private async send(request: object): Promise<Turn> {
    const { response } = await this.suite.run(request as Parameters<TestSuite<AlexaPlatform>['run']>[0]);
    const json = response as unknown as AlexaResponseJson;
    const ssml = json.response.outputSpeech?.ssml ?? '';
    const repromptSsml = json.response.reprompt?.outputSpeech?.ssml;
    return {
      ssml,
      speech: speechToText(ssml),
      reprompt: repromptSsml ? speechToText(repromptSsml) : undefined,
      sessionEnds: json.response.shouldEndSession !== false,
      card: json.response.card,
      directives: json.response.directives,
    };
  }
}

type CoreMessage = string | { text?: string; speech?: string };

interface CoreResponseJson {
  output: Array<{ message?: CoreMessage; reprompt?: CoreMessage }>;
  context?: { session?: { end?: boolean } };
}

/** The web platform: typed text, understood by the app's own NLU. */
export class WebConversation {
  private readonly suite: TestSuite<CorePlatform<'web'>>;

  constructor(
    readonly locale: string,
    /** null: a user who has not linked an account / signed in. */
    private readonly accessToken: string | null = 'token-alice',
    app: App = testApp(),
  ) {
    this.suite = new TestSuite<CorePlatform<'web'>>({ platform: WebPlatform, app, locale });
  }

  async say(text: string): Promise<Turn> {
    const request = {
      version: '4.0.0',
      platform: 'web',
      id: `web-${Math.random().toString(36).slice(2)}`,
      timestamp: new Date().toISOString(),
      timeZone: 'Europe/Berlin',
      locale: this.locale,
      data: this.accessToken ? { accessToken: this.accessToken } : {},
      input: { type: 'TEXT', text },
      context: {
        device: { id: 'console', capabilities: ['SCREEN'] },
        session: { id: 'web-session', data: {} },
        user: { id: 'web-user', data: {} },
      },
    };
    const { response } = await this.suite.run(request as unknown as Parameters<TestSuite<CorePlatform<'web'>>['run']>[0]);
    const json = response as unknown as CoreResponseJson;
    const textOf = (message: CoreMessage | undefined) => (typeof message === 'string' ? message : (message?.text ?? message?.speech ?? ''));
    const ssml = json.output.map((output) => textOf(output.message)).join(' ');
    const reprompt = json.output.map((output) => textOf(output.reprompt)).find(Boolean);
    return { ssml, speech: speechToText(ssml), reprompt: reprompt ? speechToText(reprompt) : undefined, sessionEnds: json.context?.session?.end === true };
  }
}
