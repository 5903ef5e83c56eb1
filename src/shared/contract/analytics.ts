/**
 * Service analytics: the skill records one event per conversation turn with its outcome
 * (`POST /v1/events`, with the user's own token), and the analytics dashboard reads the
 * aggregates (`GET /v1/analytics/summary`, with the analytics key, never a user's token).
 * Events hold no words the user said: an intent name, an outcome (with its cause for a backend
 * apology), a FAQ topic id, an emotion.
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import { Emotions, OpenApiParts, ScamTypes, errorResponse, jsonRequest, jsonResponse, oneOf } from './building-blocks';

export const AnalyticsPaths = {
  events: '/v1/events',
  summary: '/v1/analytics/summary',
} as const;
export type AnalyticsPath = (typeof AnalyticsPaths)[keyof typeof AnalyticsPaths];

/** Header carrying the analytics key (CAREVOICE_ANALYTICS_KEY) of the dashboard. */
export const ANALYTICS_KEY_HEADER = 'X-Analytics-Key';

/**
 * What the user got from a turn. `answered`: served by the skill itself (balance, transactions...);
 * `faq_answered`: a common question answered; `fallback`: not understood; `handoff`: a ticket for
 * a person was opened or joined (an offer of one is not a handoff); `security_alert`: a turn of the
 * fraud-warning dialogue; `voice_code_refused`: a wrong voice code; `voice_code_locked`: the code is
 * locked (too many wrong ones); `backend_error`: an apology because the backend could not answer
 * (its `cause` says why); `error`: the skill's own failure (its error handler apologised);
 * `goodbye`: the user ended the conversation.
 */
export const TurnOutcomes = [
  'answered',
  'faq_answered',
  'fallback',
  'handoff',
  'security_alert',
  'voice_code_refused',
  'voice_code_locked',
  'backend_error',
  'error',
  'goodbye',
] as const;
export type TurnOutcome = (typeof TurnOutcomes)[number];

/**
 * Why the backend could not answer a turn that ended in a `backend_error`: `unreachable` (no
 * connection), `timeout`, `rate_limited` (429), `server_error` (5xx), `invalid_response` (an
 * answer outside the contract), `rejected` (another refusal the skill could only apologise for).
 */
export const BackendErrorCauses = ['unreachable', 'timeout', 'rate_limited', 'server_error', 'invalid_response', 'rejected'] as const;
export type BackendErrorCause = (typeof BackendErrorCauses)[number];

export const AnalyticsPlatforms = ['alexa', 'web'] as const;

/** How far back a turn may be dated (a replay of queued events), and how far ahead (clock skew). */
export const EVENT_MAX_AGE_DAYS = 400;
export const EVENT_MAX_SKEW_MS = 5 * 60_000;

const Identifier = (max: number, what: string) =>
  z
    .string({ invalid_type_error: 'must be a string' })
    .regex(/^[A-Za-z0-9_.-]+$/, `must be ${what}: letters, digits, "_", "." or "-"`)
    .max(max, `must be at most ${max} characters`);

export const TurnEvent = z
  .object({
    at: z
      .string({ required_error: 'is required' })
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with "Z" or an offset' })
      .openapi({ description: 'When the user spoke (the request time)', example: '2026-11-27T08:15:00.000Z' }),
    sessionKey: z
      .string({ required_error: 'is required' })
      .regex(/^[0-9a-f]{16,64}$/, 'must be 16 to 64 lower-case hex digits (a hash of the session id, never the id itself)'),
    platform: oneOf(AnalyticsPlatforms),
    locale: z.string({ required_error: 'is required' }).regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as "en-US" or "de"'),
    intent: Identifier(80, 'an intent name').optional().openapi({ example: 'BalanceIntent' }),
    outcome: oneOf(TurnOutcomes),
    faqTopic: Identifier(80, 'a FAQ topic id').optional().openapi({ example: 'card_arrival' }),
    emotion: oneOf(Emotions).optional(),
    latencyMs: z.number().int('must be a whole number').min(0).max(600_000).optional(),
    sessionEnded: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
    cause: oneOf(BackendErrorCauses).optional().openapi({ description: 'Why the backend could not answer: with `backend_error` only, and always' }),
  })
  .strict()
  // A backend apology without its cause could not be counted by cause; a cause on another outcome would be counted twice.
  .superRefine(({ outcome, cause }, context) => {
    if (outcome === 'backend_error' && cause === undefined) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['cause'], message: 'is required with backend_error' });
    }
    if (outcome !== 'backend_error' && cause !== undefined) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['cause'], message: 'is only for backend_error' });
    }
  })
  .openapi('TurnEvent');
export type TurnEvent = z.input<typeof TurnEvent>;
export type ParsedTurnEvent = z.output<typeof TurnEvent>;

export const RecordedEvent = z.object({ recorded: z.literal(true) }).openapi('RecordedEvent');
export type RecordedEvent = z.infer<typeof RecordedEvent>;

export const SUMMARY_DAYS = { default: 14, max: 90 } as const;

export const AnalyticsSummaryQuery = z.object({
  days: z.coerce
    .number({ invalid_type_error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(SUMMARY_DAYS.max, `must be at most ${SUMMARY_DAYS.max}`)
    .default(SUMMARY_DAYS.default)
    .openapi({ description: 'Length of the window, in UTC days ending today' }),
});

const Count = z.number().int().min(0);
const Rate = z.number().min(0).max(1).nullable().openapi({ description: 'Share 0..1; null when nothing was counted' });
/** Only the causes that occurred, most frequent first. */
const CauseCounts = z.array(z.object({ cause: z.enum(BackendErrorCauses), count: Count }));

export const AnalyticsSummary = z
  .object({
    from: z.string().date().openapi({ description: 'First UTC day of the window' }),
    to: z.string().date().openapi({ description: 'Last UTC day of the window (today)' }),
    turns: Count,
    conversations: Count.openapi({ description: 'Distinct sessions with at least one turn in the window' }),
    conversationsPerDay: z.array(z.object({ date: z.string().date(), count: Count })).openapi({
      description: 'Every day of the window, oldest first; a conversation counts on the day it started',
    }),
    conversationsByLanguage: z.array(z.object({ language: z.string(), count: Count })),
    containment: z.object({ contained: Count, conversations: Count, rate: Rate }).openapi({
      description: 'Conversations resolved without a person and without an apology: no handoff, backend_error or error turn',
    }),
    fallback: z.object({ fallbackTurns: Count, turns: Count, rate: Rate }),
    backendErrors: z
      .object({
        backendErrorTurns: Count,
        turns: Count,
        rate: Rate,
        byCause: CauseCounts,
        perDay: z.array(z.object({ date: z.string().date(), backendErrorTurns: Count, turns: Count, rate: Rate, byCause: CauseCounts })).openapi({
          description: 'Every day of the window, oldest first, by the UTC day of the turn',
        }),
      })
      .openapi({ description: 'Turns that ended in a backend apology (unreachable, timeout, 429, 5xx...), by cause' }),
    outcomes: z.array(z.object({ outcome: z.enum(TurnOutcomes), count: Count })),
    topFaqTopics: z.array(z.object({ topic: z.string(), count: Count })).openapi({ description: 'At most 8, most asked first' }),
    handoffs: z.object({
      tickets: Count,
      liveAgent: Count,
      callback: Count,
      callbackBacklog: Count.openapi({ description: 'Callbacks booked and not yet closed (any age)' }),
      waiting: Count.openapi({ description: 'Tickets of any kind not yet claimed (any age)' }),
    }),
    securityAlerts: z.array(
      z.object({
        scamType: z.enum(ScamTypes),
        open: Count,
        cancelled: Count,
        proceeded: Count,
        escalated: Count,
      }),
    ),
    dissuasion: z.object({
      byEmotion: z.array(z.object({ emotion: z.enum(Emotions), attempts: Count, successes: Count, rate: Rate })),
      byVariant: z.array(z.object({ variant: z.string(), attempts: Count, successes: Count, rate: Rate })),
    }),
  })
  .openapi('AnalyticsSummary');
export type AnalyticsSummary = z.infer<typeof AnalyticsSummary>;

export function registerAnalyticsPaths({ registry, security, commonErrors }: OpenApiParts): void {
  registry.registerPath({
    method: 'post',
    path: AnalyticsPaths.events,
    summary: "Record one conversation turn and its outcome (the skill, with the user's token)",
    security,
    request: jsonRequest(TurnEvent),
    responses: {
      202: jsonResponse('Recorded', RecordedEvent),
      ...commonErrors,
      403: errorResponse('forbidden: only the voice assistant records turns'),
    },
  });
  const analyticsKey = registry.registerComponent('securitySchemes', 'analyticsKey', {
    type: 'apiKey',
    in: 'header',
    name: ANALYTICS_KEY_HEADER,
    description: "The analytics dashboard's key (CAREVOICE_ANALYTICS_KEY); user tokens never open the summary",
  });
  registry.registerPath({
    method: 'get',
    path: AnalyticsPaths.summary,
    summary: 'Aggregates for the analytics dashboard: conversations, containment, backend apologies, FAQ topics, handoffs, alerts, dissuasion',
    security: [{ [analyticsKey.name]: [] }],
    request: { query: AnalyticsSummaryQuery },
    responses: {
      200: jsonResponse('The aggregates of the window', AnalyticsSummary),
      400: commonErrors[400],
      401: errorResponse('Missing or wrong analytics key, or none configured'),
      500: commonErrors[500],
    },
  });
}
