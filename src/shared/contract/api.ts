/**
 * The CareVoice backend API: the single source of truth shared by the backend (which validates
 * requests with these schemas) and the skill's client (which types its calls with them).
 * Money is always an integer amount of minor units plus an ISO 4217 currency code.
 */
import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

// ---------------------------------------------------------------------------------------------
// Paths and headers

export const ApiPaths = {
  openApiDocument: '/openapi.json',
  profile: '/v1/profile',
  balances: '/v1/balances',
  transactions: '/v1/transactions',
  transaction: '/v1/transactions/{id}',
  voiceCodeVerify: '/v1/voice-code/verify',
  voiceCodeReset: '/v1/voice-code/reset',
} as const;
export type ApiPath =
  | (typeof ApiPaths)[keyof typeof ApiPaths]
  | TransferPath
  | FraudReportPath
  | AccountFreezePath
  | VerifyContactPath
  | SettingsPath
  | HandoffPath
  | AnalyticsPath;

/** Header carrying the token returned by a successful voice code verification. */
export const VOICE_SESSION_HEADER = 'X-Voice-Session';

type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamNames<Rest>
  : never;

/** Fills a path template, e.g. `buildPath(ApiPaths.transaction, { id })`, encoding each value. */
export function buildPath<P extends ApiPath>(template: P, params: Record<PathParamNames<P>, string>): string {
  const values: Record<string, string> = params;
  return template.replace(/\{(\w+)\}/g, (_placeholder, name: string) => encodeURIComponent(values[name]));
}

// ---------------------------------------------------------------------------------------------
// Shared building blocks

export const CurrencyCode = z
  .string({ required_error: 'is required' })
  .regex(/^[A-Z]{3}$/, 'must be a three-letter upper-case ISO 4217 code such as "EUR"')
  .openapi({ description: 'ISO 4217 currency code', example: 'EUR' });

const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter upper-case ISO 3166-1 alpha-2 code such as "DE"')
  .openapi({ description: 'ISO 3166-1 alpha-2 country code', example: 'DE' });

export const MinorUnits = z.number().int().openapi({
  description: 'Integer amount in the minor unit of the currency (cents for EUR, yen for JPY)',
  example: 1250,
});

export const UtcTimestamp = z
  .string()
  .datetime()
  .openapi({ description: 'ISO 8601 date-time in UTC', example: '2026-11-27T08:15:00.000Z' });

export const CalendarDate = z
  .string()
  .date()
  .openapi({ description: "ISO 8601 calendar date in the user's profile time zone", example: '2026-12-01' });

/** An enum whose 400 says what is allowed: "is required" when absent, else "must be one of a, b, c". */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, {
    errorMap: (_issue, context) => ({
      message: context.data === undefined ? 'is required' : `must be one of ${values.join(', ')}`,
    }),
  });
}

const VoiceCodeDigits = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string of 4 digits' })
  .regex(/^[0-9]{4}$/, 'must be exactly 4 digits')
  .openapi({ example: '1234' });

const isIsoDate = (value: string) => z.string().date().safeParse(value).success;
const isIsoDateTime = (value: string) =>
  z.string().datetime({ offset: true }).safeParse(value).success && !Number.isNaN(Date.parse(value));

const DateOrDateTime = z
  .string()
  .refine(
    (value) => isIsoDate(value) || isIsoDateTime(value),
    'must be an ISO 8601 date (2026-11-27) or a date-time with offset (2026-11-27T09:30:00Z)',
  )
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

// ---------------------------------------------------------------------------------------------
// Accounts

export const Profile = z
  .object({
    userId: z.string(),
    displayName: z.string().openapi({ example: 'Bruno Keller' }),
    locale: z.string().openapi({ description: 'BCP 47 language tag', example: 'de-DE' }),
    timeZone: z.string().openapi({ description: 'IANA time zone', example: 'Europe/Berlin' }),
    homeCurrency: CurrencyCode,
    voiceCodeRequired: z.boolean().openapi({
      description: `When true, balances and transactions need the ${VOICE_SESSION_HEADER} header`,
    }),
  })
  .openapi('Profile');
export type Profile = z.infer<typeof Profile>;

export const Balance = z
  .object({
    currency: CurrencyCode,
    availableMinor: MinorUnits,
    pendingMinor: MinorUnits.openapi({
      description: 'Net amount of pending movements (e.g. a top-up in progress), not yet available',
    }),
  })
  .openapi('Balance');
export type Balance = z.infer<typeof Balance>;

export const BalancesResponse = z
  .object({
    balances: z.array(Balance).openapi({ description: 'Home currency first, then by currency code' }),
  })
  .openapi('BalancesResponse');
export type BalancesResponse = z.infer<typeof BalancesResponse>;

export const BalancesQuery = z.object({
  currency: CurrencyCode.optional().openapi({ description: 'Only this currency (empty list if no such wallet)' }),
});
export type BalancesQuery = z.infer<typeof BalancesQuery>;

// ---------------------------------------------------------------------------------------------
// Transactions

export const TransactionDirection = z.enum(['debit', 'credit']);
export type TransactionDirection = z.infer<typeof TransactionDirection>;
export const TransactionStatus = z.enum(['completed', 'pending', 'failed', 'refunded']);
export type TransactionStatus = z.infer<typeof TransactionStatus>;
export const TransactionKind = z.enum(['card_payment', 'transfer', 'top_up', 'refund', 'withdrawal', 'exchange']);
export type TransactionKind = z.infer<typeof TransactionKind>;

export const Transaction = z
  .object({
    id: z.string().openapi({ example: 'tx_8f2k3m9q1w5e7r0t' }),
    bookedAt: UtcTimestamp,
    direction: TransactionDirection,
    status: TransactionStatus,
    amountMinor: MinorUnits.positive().openapi({ description: 'Always positive: `direction` gives the sign' }),
    currency: CurrencyCode,
    kind: TransactionKind,
    counterparty: z.string().openapi({
      description: 'Merchant or person name: free text from the outside world, escape it before use in SSML',
      example: 'Marks & Spencer',
    }),
    city: z.string().optional(),
    country: CountryCode.optional(),
    memo: z.string().optional(),
  })
  .openapi('Transaction');
export type Transaction = z.infer<typeof Transaction>;

export const TransactionsResponse = z
  .object({
    transactions: z.array(Transaction).openapi({ description: 'Newest first' }),
    nextCursor: z.string().optional().openapi({ description: 'Pass as `cursor` for the next page; absent on the last' }),
  })
  .openapi('TransactionsResponse');
export type TransactionsResponse = z.infer<typeof TransactionsResponse>;

export const TRANSACTIONS_PAGE_LIMIT = { default: 10, max: 50 } as const;

export const TransactionsQuery = z
  .object({
    limit: z.coerce
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(TRANSACTIONS_PAGE_LIMIT.max, `must be at most ${TRANSACTIONS_PAGE_LIMIT.max}`)
      .default(TRANSACTIONS_PAGE_LIMIT.default),
    from: DateOrDateTime.optional(),
    to: DateOrDateTime.optional(),
    counterparty: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .optional()
      .openapi({ description: 'Case- and accent-insensitive substring of the counterparty', example: 'starbucks' }),
    status: TransactionStatus.optional(),
    direction: TransactionDirection.optional(),
    cursor: z
      .string()
      .min(1, 'is not a nextCursor returned by this API')
      .max(200, 'is not a nextCursor returned by this API')
      .optional()
      .openapi({ description: 'The `nextCursor` of the previous page, sent with the same filters' }),
  });
export type TransactionsQuery = z.infer<typeof TransactionsQuery>;

export const TransactionIdParams = z.object({
  id: z.string().min(1).max(64, 'must be at most 64 characters'),
});

// ---------------------------------------------------------------------------------------------
// Voice code

export const VoiceCodeVerifyRequest = z.object({ code: VoiceCodeDigits }).openapi('VoiceCodeVerifyRequest');
export type VoiceCodeVerifyRequest = z.infer<typeof VoiceCodeVerifyRequest>;

export const VoiceCodeResetRequest = z.object({ newCode: VoiceCodeDigits }).openapi('VoiceCodeResetRequest');
export type VoiceCodeResetRequest = z.infer<typeof VoiceCodeResetRequest>;

export const VOICE_CODE_MAX_ATTEMPTS = 3;
export const VOICE_SESSION_MINUTES = 15;

export const VoiceCodeResult = z
  .object({
    result: z.enum(['ok', 'wrong', 'locked']).openapi({
      description:
        `"locked" after ${VOICE_CODE_MAX_ATTEMPTS} wrong codes in a row (already on the last wrong one): ` +
        'from then on even the right code is refused until the mobile app resets it',
    }),
    attemptsLeft: z.number().int().min(0),
    voiceSession: z.string().optional().openapi({
      description: `Only with "ok": send it as ${VOICE_SESSION_HEADER}; valid ${VOICE_SESSION_MINUTES} minutes`,
    }),
    expiresAt: UtcTimestamp.optional(),
  })
  .openapi('VoiceCodeResult');
export type VoiceCodeResult = z.infer<typeof VoiceCodeResult>;

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
// OpenAPI document

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ApiError } } };
}

function jsonResponse(description: string, schema: z.ZodTypeAny) {
  return { description, content: { 'application/json': { schema } } };
}

function jsonRequest(schema: z.ZodTypeAny) {
  return { body: { required: true as const, content: { 'application/json': { schema } } } };
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

export function buildOpenApiDocument(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'Account-linking token of the user; each token sees only its own user',
  });
  const security = [{ [bearer.name]: [] }];
  const voiceSessionHeaders = z.object({
    [VOICE_SESSION_HEADER]: z.string().optional().openapi({
      description: 'Required when the profile says voiceCodeRequired',
    }),
  });
  const commonErrors = {
    400: errorResponse('Invalid input: the message names the field and the reason'),
    401: errorResponse('Missing or unknown bearer token'),
    429: errorResponse('too_many_requests: over the per-user or per-address rate limit; wait Retry-After seconds'),
    500: errorResponse('Unexpected failure; the message is generic'),
  };
  const voiceCodeRequired = { 403: errorResponse('voice_code_required: verify the voice code first') };

  registry.registerPath({
    method: 'get',
    path: ApiPaths.profile,
    summary: "The caller's profile",
    security,
    responses: { 200: jsonResponse('The profile', Profile), ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: ApiPaths.balances,
    summary: 'Wallet balances, home currency first',
    security,
    request: { query: BalancesQuery, headers: voiceSessionHeaders },
    responses: { 200: jsonResponse('The balances', BalancesResponse), ...commonErrors, ...voiceCodeRequired },
  });
  registry.registerPath({
    method: 'get',
    path: ApiPaths.transactions,
    summary: 'Transactions, newest first, filtered and paged',
    security,
    request: { query: TransactionsQuery, headers: voiceSessionHeaders },
    responses: { 200: jsonResponse('One page', TransactionsResponse), ...commonErrors, ...voiceCodeRequired },
  });
  registry.registerPath({
    method: 'get',
    path: ApiPaths.transaction,
    summary: 'One transaction of the caller',
    security,
    request: { params: TransactionIdParams, headers: voiceSessionHeaders },
    responses: {
      200: jsonResponse('The transaction', Transaction),
      ...commonErrors,
      ...voiceCodeRequired,
      404: errorResponse('No such transaction for this user'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: ApiPaths.voiceCodeVerify,
    summary: 'Check the spoken voice code and open a voice session',
    security,
    request: jsonRequest(VoiceCodeVerifyRequest),
    responses: {
      200: jsonResponse('The outcome, including "wrong" and "locked"', VoiceCodeResult),
      ...commonErrors,
      404: errorResponse('This user has no voice code'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: ApiPaths.voiceCodeReset,
    summary: 'Set a new voice code and unlock it (mobile app only, after its own strong authentication)',
    security,
    request: jsonRequest(VoiceCodeResetRequest),
    responses: {
      204: { description: 'New code set, attempts reset, open voice sessions revoked' },
      ...commonErrors,
      403: errorResponse('forbidden: only a mobile app token may reset the voice code'),
    },
  });

  const parts = { registry, security, commonErrors, voiceCodeRequired, voiceSessionHeaders, jsonResponse, errorResponse, jsonRequest };
  registerTransferPaths(parts);
  registerFraudReportPaths(parts);
  registerAccountFreezePaths(parts);
  registerVerifyContactPaths(parts);
  registerSettingsPaths(parts);
  registerHandoffPaths(parts);
  registerAnalyticsPaths(parts);

  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'CareVoice backend',
      version: '1.0.0',
      description:
        'Profile, balances, transactions and voice code of e-wallet users, their transfers and alerts, fraud reports, ' +
        'account freeze, official-channel checks and safety settings, for the CareVoice skill',
    },
  });
}

// Last: the feature modules build on the blocks above, so they must load after them.
import { registerTransferPaths, type TransferPath } from './transfers';
export * from './transfers';
import { registerFraudReportPaths, type FraudReportPath } from './fraud-reports';
export * from './fraud-reports';
import { registerAccountFreezePaths, type AccountFreezePath } from './account-freeze';
export * from './account-freeze';
import { registerVerifyContactPaths, type VerifyContactPath } from './verify-contact';
export * from './verify-contact';
import { registerSettingsPaths, type SettingsPath } from './settings';
export * from './settings';
import { registerHandoffPaths, type HandoffPath } from './handoff';
export * from './handoff';
import { registerAnalyticsPaths, type AnalyticsPath } from './analytics';
export * from './analytics';
