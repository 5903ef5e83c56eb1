/**
 * The building blocks of the backend API that every feature contract uses: money, time, enums
 * whose 400 says what is allowed, headers, errors and the parts of the OpenAPI document a
 * feature registers its paths with. Depends on no feature.
 */
import { extendZodWithOpenApi, type OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

// ---------------------------------------------------------------------------------------------
// Headers and paths

/** Header carrying the token returned by a successful voice code verification. */
export const VOICE_SESSION_HEADER = 'X-Voice-Session';

type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParamNames<Rest> : never;

/** Fills a path template, e.g. `buildPath(ApiPaths.transaction, { id })`, encoding each value. */
export function buildPath<P extends string>(template: P, params: Record<PathParamNames<P>, string>): string {
  const values: Record<string, string> = params;
  return template.replace(/\{(\w+)\}/g, (_placeholder, name: string) => encodeURIComponent(values[name]));
}

/** Required on `POST /v1/transfers`: a retry with the same key returns the same transfer. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to "true" on the answer to a retried request. */
export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

// ---------------------------------------------------------------------------------------------
// Shared building blocks

export const CurrencyCode = z
  .string({ required_error: 'is required' })
  .regex(/^[A-Z]{3}$/, 'must be a three-letter upper-case ISO 4217 code such as "EUR"')
  .openapi({ description: 'ISO 4217 currency code', example: 'EUR' });

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter upper-case ISO 3166-1 alpha-2 code such as "DE"')
  .openapi({ description: 'ISO 3166-1 alpha-2 country code', example: 'DE' });

export const MinorUnits = z.number().int().openapi({
  description: 'Integer amount in the minor unit of the currency (cents for EUR, yen for JPY)',
  example: 1250,
});

export const UtcTimestamp = z.string().datetime().openapi({ description: 'ISO 8601 date-time in UTC', example: '2026-11-27T08:15:00.000Z' });

export const CalendarDate = z.string().date().openapi({ description: "ISO 8601 calendar date in the user's profile time zone", example: '2026-12-01' });

/** An enum whose 400 says what is allowed: "is required" when absent, else "must be one of a, b, c". */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, {
    errorMap: (_issue, context) => ({
      message: context.data === undefined ? 'is required' : `must be one of ${values.join(', ')}`,
    }),
  });
}

export const VoiceCodeDigits = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string of 4 digits' })
  .regex(/^[0-9]{4}$/, 'must be exactly 4 digits')
  .openapi({ example: '1234' });

const isIsoDate = (value: string) => z.string().date().safeParse(value).success;
const isIsoDateTime = (value: string) => z.string().datetime({ offset: true }).safeParse(value).success && !Number.isNaN(Date.parse(value));

export const DateOrDateTime = z
  .string()
  .refine((value) => isIsoDate(value) || isIsoDateTime(value), 'must be an ISO 8601 date (2026-11-27) or a date-time with offset (2026-11-27T09:30:00Z)')
  .openapi({
    description:
      "Inclusive bound. A date alone means that whole calendar day in the user's profile time zone; " +
      'a date-time is an exact instant and needs "Z" or an offset.',
    example: '2026-11-27',
  });

/** Tells a calendar date ("2026-11-27") from a date-time bound; both pass `DateOrDateTime`. */
export function isCalendarDate(bound: string): boolean {
  return isIsoDate(bound);
}

export const ScamTypes = ['task_scam', 'impersonation', 'investment', 'romance', 'refund_scam', 'fake_app', 'unknown'] as const;
export const ScamType = z.enum(ScamTypes).openapi({ description: 'The kind of scam the evidence points to' });
export type ScamType = z.infer<typeof ScamType>;

export const Emotions = ['calm', 'anxious', 'angry', 'insistent', 'confused'] as const;
export const Emotion = oneOf(Emotions);
export type Emotion = z.infer<typeof Emotion>;

export const TransferChannels = ['voice_assistant', 'mobile_app', 'web'] as const;
/** Where the user asked for it: transfers and fraud reports say which client carried the request. */
export const RequestChannel = oneOf(TransferChannels);

/** The `Idempotency-Key` header of an endpoint that creates a `what`, of `min` to `max` visible ASCII characters. */
export function idempotencyKeyHeaders(what: string, min: number, max: number) {
  return z.object({
    [IDEMPOTENCY_KEY_HEADER]: z
      .string({ required_error: `is required: a unique value per ${what} (e.g. a UUID), repeated on retries` })
      .regex(new RegExp(`^[\\x21-\\x7e]{${min},${max}}$`), `must be ${min} to ${max} visible ASCII characters`)
      .openapi({ example: '6f1c2b9e-3f7a-4d1e-9a51-0c4de7a3b2f1' }),
  });
}

// ---------------------------------------------------------------------------------------------
// Errors

export const ErrorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'voice_code_required',
  'not_found',
  'payload_too_large',
  'insufficient_funds',
  'confirmation_required',
  'already_decided',
  'idempotency_key_reused',
  'conflict',
  'open_fraud_report',
  'account_frozen',
  'too_many_requests',
  'internal',
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];

export const ErrorStatus: Readonly<Record<ErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  voice_code_required: 403,
  not_found: 404,
  payload_too_large: 413,
  insufficient_funds: 409,
  confirmation_required: 409,
  already_decided: 409,
  idempotency_key_reused: 422,
  conflict: 409,
  open_fraud_report: 409,
  account_frozen: 409,
  too_many_requests: 429,
  internal: 500,
};

export const ApiError = z
  .object({
    error: z.object({
      code: z.enum(ErrorCodes),
      message: z.string().openapi({ example: 'limit: must be at most 50' }),
      details: z.unknown().optional().openapi({ description: 'For bad_request: the rejected fields and why' }),
    }),
  })
  .openapi('ApiError');
export type ApiError = z.infer<typeof ApiError>;

// ---------------------------------------------------------------------------------------------
// OpenAPI parts

export function errorResponse(description: string): ResponseConfig {
  return { description, content: { 'application/json': { schema: ApiError } } };
}

export function jsonResponse(description: string, schema: z.ZodTypeAny): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body, for `request: { ...jsonRequest(schema) }`. */
export function jsonRequest(schema: z.ZodTypeAny) {
  return { body: { required: true as const, content: { 'application/json': { schema } } } };
}

/** What `buildOpenApiDocument` shares with this module's paths. */
export interface OpenApiParts {
  registry: OpenAPIRegistry;
  security: Array<Record<string, string[]>>;
  commonErrors: Record<number, ResponseConfig>;
  voiceCodeRequired: Record<number, ResponseConfig>;
  /** The optional X-Voice-Session header, for `request: { headers: voiceSessionHeaders }`. */
  voiceSessionHeaders: z.AnyZodObject;
}
