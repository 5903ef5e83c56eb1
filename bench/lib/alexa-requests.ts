/**
 * The Alexa request envelopes the load runs send: the same bytes to our skill, the bare-SDK
 * baseline and the limit server. Alexa account linking puts the wallet token in
 * `context.System.user.accessToken`; demo-alice needs no voice code.
 */
export const BENCH_ACCESS_TOKEN = 'demo-alice';
export const BENCH_LOCALE = 'en-US';
/** The skill id the requests carry: a production skill (the Lambda) answers only its own. */
export const BENCH_SKILL_ID = 'amzn1.ask.skill.bench-carevoice';

export type TurnKind = 'launch' | 'balance';

function envelope(request: Record<string, unknown>, newSession: boolean) {
  const user = { userId: 'amzn1.ask.account.BENCHUSER', accessToken: BENCH_ACCESS_TOKEN };
  const application = { applicationId: BENCH_SKILL_ID };
  return {
    version: '1.0',
    session: { new: newSession, sessionId: 'amzn1.echo-api.session.bench', application, attributes: {}, user },
    context: {
      System: {
        application,
        user,
        device: { deviceId: 'amzn1.ask.device.BENCH', supportedInterfaces: {} },
        apiEndpoint: 'https://api.amazonalexa.com',
      },
    },
    request: {
      requestId: 'amzn1.echo-api.request.bench',
      timestamp: new Date().toISOString(),
      locale: BENCH_LOCALE,
      ...request,
    },
  };
}

export function alexaTurn(kind: TurnKind) {
  if (kind === 'launch') return envelope({ type: 'LaunchRequest' }, true);
  return envelope({ type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name: 'BalanceIntent', confirmationStatus: 'NONE', slots: {} } }, false);
}

/** A typed request on the web platform, as the voice console sends it (a new session). */
export function webTextTurn(text: string) {
  return {
    version: '4.0.0',
    platform: 'web',
    id: 'bench-web',
    timestamp: new Date().toISOString(),
    locale: BENCH_LOCALE,
    timeZone: 'America/New_York',
    data: { accessToken: BENCH_ACCESS_TOKEN },
    input: { type: 'TEXT', text },
    context: { device: { id: 'bench', capabilities: ['SCREEN'] }, session: { id: 'bench-web', data: {} }, user: { id: 'bench', data: {} } },
  };
}

/** The words of a web platform answer, or undefined when it is not one. */
export function webMessage(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { output?: Array<{ message?: unknown }> };
    const message = json.output?.[0]?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

interface AlexaResponseShape {
  version?: string;
  response?: { outputSpeech?: { ssml?: string; text?: string } };
}

/** The words of an Alexa response body, or undefined when it is not one. */
export function spokenText(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as AlexaResponseShape;
    const speech = json.response?.outputSpeech;
    return speech?.ssml ?? speech?.text;
  } catch {
    return undefined;
  }
}
