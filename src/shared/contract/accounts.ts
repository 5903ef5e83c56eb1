/**
 * The accounts part of the backend API: the caller's profile, balances, transactions and voice code.
 */
import { z } from 'zod';
import {
  CountryCode,
  CurrencyCode,
  DateOrDateTime,
  MinorUnits,
  OpenApiParts,
  UtcTimestamp,
  VOICE_SESSION_HEADER,
  VoiceCodeDigits,
  errorResponse,
  jsonRequest,
  jsonResponse,
} from './building-blocks';

// ---------------------------------------------------------------------------------------------
// Paths

export const ApiPaths = {
  openApiDocument: '/openapi.json',
  profile: '/v1/profile',
  balances: '/v1/balances',
  transactions: '/v1/transactions',
  transaction: '/v1/transactions/{id}',
  voiceCodeVerify: '/v1/voice-code/verify',
  voiceCodeReset: '/v1/voice-code/reset',
} as const;
export type AccountPath = (typeof ApiPaths)[keyof typeof ApiPaths];

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
export const TransactionStatus = z.enum(['completed', 'pending', 'failed', 'cancelled', 'refunded']).openapi({
  description:
    '"failed": declined or rejected, no money moved; "cancelled": the user stopped it before it left (a held or ' +
    'delayed transfer), the money is back in the wallet; "refunded": it left and came back',
});
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
    arrivesAt: UtcTimestamp.optional().openapi({
      description: 'A pending transfer waiting out delayed arrival: when it arrives; it can be cancelled until then',
    }),
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

export const TransactionsQuery = z.object({
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
    voiceSession: z
      .string()
      .optional()
      .openapi({
        description: `Only with "ok": send it as ${VOICE_SESSION_HEADER}; valid ${VOICE_SESSION_MINUTES} minutes`,
      }),
    expiresAt: UtcTimestamp.optional(),
  })
  .openapi('VoiceCodeResult');
export type VoiceCodeResult = z.infer<typeof VoiceCodeResult>;

export function registerAccountPaths({ registry, security, commonErrors, voiceCodeRequired, voiceSessionHeaders }: OpenApiParts): void {
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
}
