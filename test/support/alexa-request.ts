/** Full Alexa request envelopes, as Alexa sends them, for conversation tests. */

export type SlotValue = string | { value: string; id: string };

export interface AlexaRequestOptions {
  locale: string;
  accessToken?: string;
  newSession?: boolean;
  sessionAttributes?: Record<string, unknown>;
}

function slotJson(name: string, slot: SlotValue) {
  if (typeof slot === 'string') return { name, value: slot, confirmationStatus: 'NONE' };
  return {
    name,
    value: slot.value,
    confirmationStatus: 'NONE',
    resolutions: {
      resolutionsPerAuthority: [
        {
          authority: `amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.${name}`,
          status: { code: 'ER_SUCCESS_MATCH' },
          values: [{ value: { name: slot.id, id: slot.id } }],
        },
      ],
    },
  };
}

/** The Alexa user of every test request. */
export const ALEXA_TEST_USER_ID = 'amzn1.ask.account.TESTUSER';

export function alexaEnvelope(request: Record<string, unknown>, options: AlexaRequestOptions) {
  const user = { userId: ALEXA_TEST_USER_ID, ...(options.accessToken ? { accessToken: options.accessToken } : {}) };
  const application = { applicationId: 'amzn1.ask.skill.test-carevoice' };
  return {
    version: '1.0',
    session: {
      new: options.newSession ?? false,
      sessionId: 'amzn1.echo-api.session.test',
      application,
      attributes: options.sessionAttributes ?? {},
      user,
    },
    context: {
      System: {
        application,
        user,
        device: { deviceId: 'amzn1.ask.device.TEST', supportedInterfaces: {} },
        apiEndpoint: 'https://api.amazonalexa.com',
      },
    },
    request: {
      requestId: `amzn1.echo-api.request.${Math.random().toString(36).slice(2)}`,
      timestamp: new Date().toISOString(),
      locale: options.locale,
      ...request,
    },
  };
}

export function launchRequest(options: AlexaRequestOptions) {
  return alexaEnvelope({ type: 'LaunchRequest' }, { ...options, newSession: true });
}

export function intentRequest(intentName: string, slots: Record<string, SlotValue>, options: AlexaRequestOptions) {
  const slotsJson = Object.fromEntries(Object.entries(slots).map(([name, slot]) => [name, slotJson(name, slot)]));
  return alexaEnvelope(
    { type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name: intentName, confirmationStatus: 'NONE', slots: slotsJson } },
    options,
  );
}

/** Alexa's notice that the session is over: the user left, said nothing, or an error occurred. */
export function sessionEndedRequest(reason: 'USER_INITIATED' | 'EXCEEDED_MAX_REPROMPTS' | 'ERROR', options: AlexaRequestOptions) {
  return alexaEnvelope({ type: 'SessionEndedRequest', reason }, options);
}

/** A skill event (account linked, notifications allowed...): outside any session, so without one. */
export function skillEventRequest(type: string, body: Record<string, unknown>, options: AlexaRequestOptions) {
  const { session: _session, ...event } = alexaEnvelope({ type, body }, options);
  return event;
}
