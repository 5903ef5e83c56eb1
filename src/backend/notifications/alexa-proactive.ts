/**
 * Client of the Alexa Proactive Events API: a Login-with-Amazon client-credentials token (cached
 * until shortly before it expires), then an `AMAZON.MessageAlert.Activated` event for one user
 * ("You have one urgent message from CareVoice security"). It never throws: every outcome,
 * "not configured" included, comes back as a `ProactiveSendResult` for the notification record.
 */
import { z } from 'zod';

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
export const PROACTIVE_EVENTS_SCOPE = 'alexa::proactive_events';
export const ALEXA_API_ENDPOINTS = {
  NA: 'https://api.amazonalexa.com',
  EU: 'https://api.eu.amazonalexa.com',
  FE: 'https://api.fe.amazonalexa.com',
} as const;
export const MESSAGE_ALERT_CREATOR = 'CareVoice security';

/** Renew this long before the token's own expiry, so a request never carries a dying token. */
const TOKEN_RENEWAL_MARGIN_MS = 60_000;
const REQUEST_TIMEOUT_MS = 5_000;

export type ProactiveStage = 'development' | 'live';

export interface AlexaProactiveConfig {
  clientId: string;
  clientSecret: string;
  /** Region API host, e.g. https://api.eu.amazonalexa.com */
  apiEndpoint: string;
  stage: ProactiveStage;
}

const AlexaEnv = z.object({
  ALEXA_CLIENT_ID: z.string().min(1).optional(),
  ALEXA_CLIENT_SECRET: z.string().min(1).optional(),
  ALEXA_PROACTIVE_REGION: z.enum(['NA', 'EU', 'FE']).default('NA'),
  ALEXA_PROACTIVE_ENDPOINT: z.string().url().optional(),
  ALEXA_PROACTIVE_STAGE: z.enum(['development', 'live']).default('development'),
});

/**
 * Reads the client's settings once at start: undefined without ALEXA_CLIENT_ID and
 * ALEXA_CLIENT_SECRET; throws on an unknown region or stage.
 */
export function alexaProactiveConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AlexaProactiveConfig | undefined {
  const parsed = AlexaEnv.safeParse(env);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid Alexa proactive events configuration: ${reasons.join('; ')}`);
  }
  const values = parsed.data;
  if (values.ALEXA_CLIENT_ID === undefined || values.ALEXA_CLIENT_SECRET === undefined) {
    return undefined;
  }
  return {
    clientId: values.ALEXA_CLIENT_ID,
    clientSecret: values.ALEXA_CLIENT_SECRET,
    apiEndpoint: (values.ALEXA_PROACTIVE_ENDPOINT ?? ALEXA_API_ENDPOINTS[values.ALEXA_PROACTIVE_REGION]).replace(/\/+$/, ''),
    stage: values.ALEXA_PROACTIVE_STAGE,
  };
}

export interface MessageAlert {
  /** The user's Alexa user id (amzn1.ask.account...). */
  alexaUserId: string;
  /** Unique per event; Alexa replaces an earlier event with the same id. */
  referenceId: string;
  /** When Alexa drops the notification: at most 24 hours ahead. */
  expiryTime: Date;
}

export type ProactiveSendResult = { sent: true } | { sent: false; reason: string };

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

class ProactiveEventsFailure extends Error {}

/** Amazon's error bodies carry a short `message` (or `error_description`); nothing else is kept. */
async function failureOf(what: string, response: Response): Promise<ProactiveEventsFailure> {
  const text = await response.text().catch(() => '');
  let said = '';
  try {
    const body = JSON.parse(text) as { message?: unknown; error_description?: unknown; error?: unknown };
    const message = body.message ?? body.error_description ?? body.error;
    said = typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    // Not JSON: the status says enough.
  }
  return new ProactiveEventsFailure(`${what} refused with HTTP ${response.status}${said}`);
}

export class AlexaProactiveClient {
  private token?: { value: string; renewAt: number };
  /** One token request at a time, shared by concurrent sends. */
  private tokenRequest?: Promise<string>;

  constructor(
    private readonly config: AlexaProactiveConfig | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get configured(): boolean {
    return this.config !== undefined;
  }

  async sendMessageAlert(alert: MessageAlert): Promise<ProactiveSendResult> {
    const { config } = this;
    if (config === undefined) {
      return { sent: false, reason: 'not configured' };
    }
    try {
      const token = await this.accessToken(config);
      const response = await fetch(`${config.apiEndpoint}${eventsPath(config.stage)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(messageAlertEvent(alert, this.now())),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) {
        if (response.status === 401 || response.status === 403) {
          // Revoked or expired early: the next send asks for a new token.
          this.token = undefined;
        }
        throw await failureOf('proactive event', response);
      }
      return { sent: true };
    } catch (error) {
      const reason = error instanceof ProactiveEventsFailure ? error.message : `network error: ${String(error)}`;
      return { sent: false, reason };
    }
  }

  private accessToken(config: AlexaProactiveConfig): Promise<string> {
    if (this.token !== undefined && this.now().getTime() < this.token.renewAt) {
      return Promise.resolve(this.token.value);
    }
    this.tokenRequest ??= this.requestToken(config).finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async requestToken(config: AlexaProactiveConfig): Promise<string> {
    const requestedAt = this.now().getTime();
    const response = await fetch(LWA_TOKEN_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.clientId,
        client_secret: config.clientSecret,
        scope: PROACTIVE_EVENTS_SCOPE,
      }).toString(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await failureOf('token request', response);
    }
    const parsed = TokenResponse.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new ProactiveEventsFailure('token request answered without access_token and expires_in');
    }
    const { access_token: value, expires_in: expiresInSeconds } = parsed.data;
    this.token = { value, renewAt: requestedAt + expiresInSeconds * 1000 - TOKEN_RENEWAL_MARGIN_MS };
    return value;
  }
}

/** Development events reach only the developer's own test devices; live ones reach customers. */
function eventsPath(stage: ProactiveStage): string {
  return stage === 'development' ? '/v1/proactiveEvents/stages/development' : '/v1/proactiveEvents';
}

/** The request body of the predefined `AMAZON.MessageAlert.Activated` schema. */
export function messageAlertEvent(alert: MessageAlert, now: Date) {
  return {
    timestamp: now.toISOString(),
    referenceId: alert.referenceId,
    expiryTime: alert.expiryTime.toISOString(),
    event: {
      name: 'AMAZON.MessageAlert.Activated',
      payload: {
        state: { status: 'UNREAD', freshness: 'NEW' },
        messageGroup: { creator: { name: MESSAGE_ALERT_CREATOR }, count: 1, urgency: 'URGENT' },
      },
    },
    localizedAttributes: [],
    relevantAudience: { type: 'Unicast', payload: { user: alert.alexaUserId } },
  };
}
