/**
 * What the logs say about a skill turn: its shape, never its content. Slot values, typed text,
 * tokens and user ids stay out (they may hold a voice code, an account number, a name).
 */
export interface TurnSummary {
  platform: 'alexa' | 'web' | 'unknown';
  requestType?: string;
  intent?: string;
  /** Names of the slots or entities filled, not their values. */
  slots?: string[];
  inputType?: string;
  locale?: string;
  newSession?: boolean;
}

const SHORT_NAME = /^[A-Za-z0-9_.:-]{1,80}$/;

/** A short identifier-like string as it is; anything else (free text, huge, odd characters) left out. */
function name(value: unknown): string | undefined {
  return typeof value === 'string' && SHORT_NAME.test(value) ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function keys(value: unknown): string[] | undefined {
  const entries = record(value);
  if (!entries) return undefined;
  return Object.keys(entries)
    .slice(0, 20)
    .map((key) => name(key) ?? '?');
}

export function summarizeTurn(body: unknown): TurnSummary {
  const envelope = record(body);
  const alexaRequest = record(envelope?.request);
  if (alexaRequest) {
    const intent = record(alexaRequest.intent);
    return {
      platform: 'alexa',
      requestType: name(alexaRequest.type),
      intent: name(intent?.name),
      slots: keys(intent?.slots),
      locale: name(alexaRequest.locale),
      newSession: typeof record(envelope?.session)?.new === 'boolean' ? (record(envelope?.session)?.new as boolean) : undefined,
    };
  }
  const input = record(envelope?.input);
  if (input) {
    const intent = input.intent;
    return {
      platform: 'web',
      inputType: name(input.type),
      intent: name(typeof intent === 'string' ? intent : record(intent)?.name),
      slots: keys(input.entities),
      locale: name(envelope?.locale),
    };
  }
  return { platform: 'unknown' };
}
