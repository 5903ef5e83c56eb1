/**
 * Service analytics, skill side: after every turn, one event with its outcome goes to the
 * backend (`POST /v1/events`) through the typed client. Fire and forget: the turn never waits
 * for it, and a slow or failing backend never changes what the user hears (the client's timeout
 * bounds each call; failures are logged at debug level and dropped).
 *
 * All of it happens in one place, an app hook (`installTurnAnalytics`). Outcomes are read from
 * what the turn did (the route, a misunderstanding, a failed handler); what only a component
 * knows (a ticket opened, a voice code refused, a backend apology and its cause, a FAQ topic, the
 * detected emotion) it says with `noteTurn` or `noteBackendError`: the outcome is what the user got.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { App, Jovo } from '@jovotech/framework';
import type { Logger } from 'pino';
import { EVENT_MAX_AGE_DAYS, Emotions, TurnOutcomes, type BackendErrorCause, type Emotion, type TurnEvent, type TurnOutcome } from '../../shared/contract/api';
import type { BackendClient } from '../services/backend-client';
import { accessTokenOf } from '../jovo/access-token';
import { errorFields } from '../../shared/logger';

/** What a component may add about its turn; the hook fills in the rest. */
export interface TurnNote {
  /** A backend apology is noted with its cause (`noteBackendError`); the app's error handler marks `error`. */
  outcome?: Exclude<TurnOutcome, 'backend_error' | 'error'>;
  faqTopic?: string;
  emotion?: Emotion;
}

/** What the turn's notes hold: a backend apology carries its cause. */
interface NotedTurn extends Omit<TurnNote, 'outcome'> {
  outcome?: TurnOutcome;
  cause?: BackendErrorCause;
}

/** What the web client gets back in `context.turn` (the voice console shows it). */
export interface TurnSummary {
  intent?: string;
  component?: string;
  handler?: string;
  outcome: TurnOutcome;
  /** Why the backend could not answer: with `backend_error` only. */
  cause?: BackendErrorCause;
  faqTopic?: string;
  emotion?: Emotion;
  latencyMs: number;
}

/** The facts of a turn the outcome is read from. */
export interface TurnFacts {
  intent?: string;
  inputType?: string;
  component?: string;
  handler?: string;
  misunderstood: boolean;
  failed: boolean;
  note?: NotedTurn;
}

const IDENTIFIER = /^[A-Za-z0-9_.-]{1,80}$/;
const DAY_MS = 86_400_000;
const END_INTENTS = new Set(['END', 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent']);

/**
 * The outcome of a turn: the app's error handler's apology first (whatever was noted before the
 * failure, the user heard that), then what a component noted, else what the route and the turn's
 * flags show. Never `handoff` from the route alone: only a ticket opened or joined is noted as one.
 */
export function outcomeOf({ intent, inputType, component = '', handler, misunderstood, failed, note }: TurnFacts): TurnOutcome {
  if (failed) return 'error';
  if (note?.outcome) return note.outcome;
  if (/Alert/i.test(component)) return 'security_alert';
  if (misunderstood) return 'fallback';
  if (component === 'FaqComponent') return 'faq_answered';
  if (handler === 'END' || inputType === 'END' || (intent !== undefined && END_INTENTS.has(intent))) return 'goodbye';
  return 'answered';
}

export function isEmotion(value: unknown): value is Emotion {
  return Emotions.some((emotion) => emotion === value);
}

/** The request's own time when it has a plausible one (a replayed or queued turn keeps its day), else now. */
export function turnTime(requestTimestamp: unknown, now: Date = new Date()): string {
  const at = typeof requestTimestamp === 'string' ? Date.parse(requestTimestamp) : Number.NaN;
  const plausible = Number.isFinite(at) && at <= now.getTime() + 60_000 && at > now.getTime() - (EVENT_MAX_AGE_DAYS - 1) * DAY_MS;
  return new Date(plausible ? at : now.getTime()).toISOString();
}

/** Session ids are not sent as they are: the backend only needs to tell sessions apart. */
export function sessionKeyOf(platform: string, sessionId: string): string {
  return createHash('sha256').update(`${platform}:${sessionId}`, 'utf8').digest('hex').slice(0, 32);
}

/** Adds what a component knows about its turn (merged with earlier notes of the same turn; the last outcome counts). */
export function noteTurn(jovo: Jovo, note: TurnNote): void {
  const earlier = jovo.$data.turnNote as NotedTurn | undefined;
  // A later outcome replaces an earlier apology, and its cause with it.
  const cause = note.outcome === undefined ? earlier?.cause : undefined;
  jovo.$data.turnNote = { ...earlier, ...note, cause } satisfies NotedTurn;
}

/** The user heard an apology because the backend could not answer, for this cause. */
export function noteBackendError(jovo: Jovo, cause: BackendErrorCause): void {
  jovo.$data.turnNote = { ...(jovo.$data.turnNote as NotedTurn | undefined), outcome: 'backend_error', cause } satisfies NotedTurn;
}

/** Marks the turn as failed (the app's error handler apologised). */
export function noteTurnFailed(jovo: Jovo): void {
  jovo.$data.turnFailed = true;
}

export interface TurnAnalyticsOptions {
  backend: BackendClient;
  logger: Logger;
  /** The FAQ topic a question was answered with, when no component noted one. */
  faqTopicOf?: (question: string, language: string) => string | undefined;
}

interface RequestWithTimestamps {
  timestamp?: unknown;
  request?: { timestamp?: unknown };
}

function intentOf(jovo: Jovo): string | undefined {
  const name = jovo.$input.getIntentName() ?? jovo.$input.type;
  return typeof name === 'string' && IDENTIFIER.test(name) ? name : undefined;
}

/** The emotion of the reply in a dialogue that keeps its turns in component data (the security alert). */
function emotionInDialogueState(jovo: Jovo): unknown {
  for (const item of [...(jovo.$session.state ?? [])].reverse()) {
    const turns = (item.data?.conversation as { turns?: Array<{ emotion?: unknown }> } | undefined)?.turns;
    if (Array.isArray(turns) && turns.length > 0) return turns[turns.length - 1].emotion;
  }
  return undefined;
}

function emotionOf(jovo: Jovo, note: NotedTurn | undefined, outcome: TurnOutcome): Emotion | undefined {
  const candidates = [note?.emotion, jovo.$data.emotion, outcome === 'security_alert' ? emotionInDialogueState(jovo) : undefined];
  return candidates.find(isEmotion);
}

function sessionEnded(jovo: Jovo): boolean {
  const response = jovo.$response;
  if (!response) return false;
  return (Array.isArray(response) ? response : [response]).some((part) => part.hasSessionEnded());
}

function summarize(jovo: Jovo, options: TurnAnalyticsOptions): TurnSummary {
  const note = jovo.$data.turnNote as NotedTurn | undefined;
  const resolved = jovo.$route?.resolved;
  const facts: TurnFacts = {
    intent: intentOf(jovo),
    inputType: jovo.$input.type,
    // The component that answered: after a $redirect or $delegate, not the one first routed to.
    component: jovo.$handleRequest.activeComponentNode?.name ?? resolved?.path.at(-1),
    handler: resolved?.handler,
    misunderstood: jovo.$data.countsAsMiss === true,
    failed: jovo.$data.turnFailed === true,
    note,
  };
  const outcome = outcomeOf(facts);
  // A backend apology is never sent without its cause (the contract refuses it): unknown is unreachable.
  const cause = outcome === 'backend_error' ? (note?.cause ?? 'unreachable') : undefined;
  let faqTopic = note?.faqTopic;
  if (faqTopic === undefined && outcome === 'faq_answered' && facts.handler !== 'chooseTopic' && jovo.$input.text && options.faqTopicOf) {
    try {
      faqTopic = options.faqTopicOf(jovo.$input.text, (jovo.$request.getLocale() ?? 'en').slice(0, 2));
    } catch {
      faqTopic = undefined;
    }
  }
  const emotion = emotionOf(jovo, note, outcome);
  const started = jovo.$data.turnStartedAt as number | undefined;
  return {
    intent: facts.intent,
    component: facts.component,
    handler: facts.handler,
    outcome,
    ...(cause ? { cause } : {}),
    ...(faqTopic !== undefined && IDENTIFIER.test(faqTopic) ? { faqTopic } : {}),
    ...(emotion ? { emotion } : {}),
    latencyMs: started === undefined ? 0 : Math.max(0, Math.round(performance.now() - started)),
  };
}

function localeOf(jovo: Jovo): string {
  const locale = jovo.$request.getLocale() ?? 'en';
  return /^[a-z]{2}(-[A-Z]{2})?$/.test(locale) ? locale : locale.slice(0, 2).toLowerCase();
}

/** Records every turn, and gives web clients the turn's summary in `context.turn`. */
export function installTurnAnalytics(app: App, options: TurnAnalyticsOptions): void {
  app.hook('request.start', (jovo: Jovo) => {
    jovo.$data.turnStartedAt = performance.now();
  });
  app.hook('response.end', (jovo: Jovo) => {
    let summary: TurnSummary;
    try {
      summary = summarize(jovo, options);
    } catch (error) {
      options.logger.debug(errorFields(error), 'turn not summarized');
      return;
    }
    const platform = jovo.$alexa ? 'alexa' : 'web';
    if (platform === 'web') {
      const context = (jovo.$response as { context?: Record<string, unknown> } | undefined)?.context;
      if (context) context.turn = summary;
    }
    const accessToken = accessTokenOf(jovo);
    const sessionId = jovo.$session.id ?? jovo.$request.getSessionId();
    // Turns of people without a linked account have no user to record them for.
    if (!accessToken || !sessionId || !TurnOutcomes.includes(summary.outcome)) return;
    const request = jovo.$request as unknown as RequestWithTimestamps;
    const event: TurnEvent = {
      at: turnTime(request.request?.timestamp ?? request.timestamp),
      sessionKey: sessionKeyOf(platform, sessionId),
      platform,
      locale: localeOf(jovo),
      ...(summary.intent ? { intent: summary.intent } : {}),
      outcome: summary.outcome,
      ...(summary.cause ? { cause: summary.cause } : {}),
      ...(summary.faqTopic ? { faqTopic: summary.faqTopic } : {}),
      ...(summary.emotion ? { emotion: summary.emotion } : {}),
      latencyMs: summary.latencyMs,
      sessionEnded: sessionEnded(jovo),
    };
    options.backend.recordTurn({ accessToken }, event).catch((error: unknown) => {
      options.logger.debug(errorFields(error), 'turn event not recorded');
    });
  });
}
