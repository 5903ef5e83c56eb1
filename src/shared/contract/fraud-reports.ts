/**
 * Fraud reports: what a user reports after a scam, what the wallet does to get the money back
 * (a freeze at the payee, a card chargeback) and where the case stands, in words the skill can
 * speak: a status, a next-step code and the date by which the user hears from us.
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import {
  CalendarDate,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  OpenApiParts,
  RequestChannel,
  TransferChannels,
  UtcTimestamp,
  errorResponse,
  idempotencyKeyHeaders,
  jsonResponse,
  oneOf,
  jsonRequest,
} from './building-blocks';

// ---------------------------------------------------------------------------------------------
// Paths

export const FraudReportPaths = {
  fraudReports: '/v1/fraud-reports',
  latestFraudReport: '/v1/fraud-reports/latest',
  fraudReport: '/v1/fraud-reports/{reference}',
} as const;
export type FraudReportPath = (typeof FraudReportPaths)[keyof typeof FraudReportPaths];

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const FraudScamTypes = ['task_scam', 'impersonation', 'investment', 'romance', 'refund_scam', 'fake_app', 'account_takeover', 'other'] as const;
export const FraudScamType = oneOf(FraudScamTypes).openapi({
  description: 'What happened, as the user tells it; "account_takeover": a payment the user did not make',
});
export type FraudScamType = z.infer<typeof FraudScamType>;

export const FraudReportStatuses = ['received', 'under_review', 'funds_frozen', 'refunded', 'closed'] as const;
export const FraudReportStatus = z.enum(FraudReportStatuses).openapi({
  description:
    'received → under_review → funds_frozen → refunded | closed (steps can be skipped); open until refunded or ' +
    'closed, and while one is open the voice assistant cannot unfreeze the account. "funds_frozen": the ' +
    'receiving side holds the money; "refunded": it is back in the wallet; "closed": ended without a refund',
});
export type FraudReportStatus = z.infer<typeof FraudReportStatus>;

export const FraudNextSteps = ['review', 'await_payee_bank', 'await_chargeback', 'refund_pending', 'none'] as const;
export const FraudNextStep = z.enum(FraudNextSteps).openapi({
  description:
    '"review": our fraud team reviews the case (and may call from the official number); "await_payee_bank": we ' +
    'asked the receiving side to freeze the money and wait for its answer; "await_chargeback": we disputed the card ' +
    'payment with the merchant\'s bank; "refund_pending": the frozen money is on its way back; "none": nothing more',
});
export type FraudNextStep = z.infer<typeof FraudNextStep>;

export const FundRecovery = z
  .object({
    method: z.enum(['payee_freeze', 'chargeback']).openapi({
      description:
        '"payee_freeze": a transfer to a person within the last 72 hours, frozen at the receiving side; ' +
        '"chargeback": a card payment disputed with the merchant\'s bank',
    }),
    status: z.enum(['requested', 'frozen', 'returned', 'released']).openapi({
      description: '"released": the freeze or dispute ended without the money coming back',
    }),
  })
  .openapi('FundRecovery');
export type FundRecovery = z.infer<typeof FundRecovery>;
export type RecoveryMethod = FundRecovery['method'];
export type RecoveryStatus = FundRecovery['status'];

// ---------------------------------------------------------------------------------------------
// Reference numbers

export const FRAUD_REFERENCE_LENGTH = 8;

/** The Luhn check digit of `payload` (digits only). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let index = 0; index < payload.length; index += 1) {
    let digit = Number(payload[payload.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Eight digits, never starting with 0, the last a Luhn check digit: a misheard digit or two
 * swapped neighbours make a number that is no reference at all (the skill can check before asking).
 */
export function isFraudReference(value: string): boolean {
  return new RegExp(`^[1-9][0-9]{${FRAUD_REFERENCE_LENGTH - 1}}$`).test(value) && luhnCheckDigit(value.slice(0, -1)) === Number(value.slice(-1));
}

const FraudReference = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .refine(isFraudReference, 'must be the 8-digit number of a fraud report (its last digit is a check digit)')
  .openapi({ description: 'Read it out digit by digit', example: '40718231' });

// ---------------------------------------------------------------------------------------------
// Requests and responses

export const CreateFraudReportRequest = z
  .object({
    transactionId: z
      .string({ invalid_type_error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters')
      .optional()
      .openapi({
        description:
          "The payment it is about: one of the user's own transactions (else 400 naming this field). " +
          'Leave it out for a report without a payment, e.g. a suspicious call',
        example: 'tx_8f2k3m9q1w5e7r0t',
      }),
    scamType: FraudScamType,
    description: z
      .string({ invalid_type_error: 'must be a string' })
      .trim()
      .max(1000, 'must be at most 1000 characters')
      .optional()
      .openapi({ description: "The user's own words", example: 'A caller said he was from customer service' }),
    channel: RequestChannel,
  })
  .openapi('CreateFraudReportRequest');
export type CreateFraudReportRequest = z.infer<typeof CreateFraudReportRequest>;

export const FraudReportIdempotencyHeaders = idempotencyKeyHeaders('report', 1, 100);

export const FraudReport = z
  .object({
    reference: FraudReference,
    status: FraudReportStatus,
    scamType: FraudScamType,
    transactionId: z.string().optional(),
    description: z.string().optional(),
    channel: z.enum(TransferChannels),
    createdAt: UtcTimestamp,
    updatedAt: UtcTimestamp.openapi({ description: 'When the status last changed (or the report was filed)' }),
    recovery: FundRecovery.optional().openapi({ description: 'Only when the wallet can try to get the money back' }),
    nextStep: FraudNextStep,
    expectedBy: CalendarDate.optional().openapi({
      description: 'The day by which the next step should be done, in the user\'s time zone; absent with nextStep "none"',
    }),
  })
  .openapi('FraudReport');
export type FraudReport = z.infer<typeof FraudReport>;

export const FraudReportsResponse = z
  .object({ reports: z.array(FraudReport).openapi({ description: 'All reports of the user, newest first' }) })
  .openapi('FraudReportsResponse');
export type FraudReportsResponse = z.infer<typeof FraudReportsResponse>;

export const FraudReportParams = z.object({ reference: FraudReference });

// ---------------------------------------------------------------------------------------------
// OpenAPI

export function registerFraudReportPaths({ registry, security, commonErrors }: OpenApiParts): void {
  registry.registerPath({
    method: 'post',
    path: FraudReportPaths.fraudReports,
    summary: 'File a fraud report; for a recent transfer or a card payment the wallet also tries to get the money back',
    description:
      'No voice code needed: reporting must never be blocked. The 201 is sent once the report is on disk. ' +
      `A retry with the same ${IDEMPOTENCY_KEY_HEADER} answers 200 with the original report and "${IDEMPOTENT_REPLAY_HEADER}: true".`,
    security,
    request: { headers: FraudReportIdempotencyHeaders, ...jsonRequest(CreateFraudReportRequest) },
    responses: {
      201: jsonResponse('Filed', FraudReport),
      200: jsonResponse(`A retry with the same ${IDEMPOTENCY_KEY_HEADER}: the same report, nothing filed again`, FraudReport),
      ...commonErrors,
      409: errorResponse(
        `conflict: this ${IDEMPOTENCY_KEY_HEADER} was used for a different report, or the transaction is already ` +
          'reported (details.reference names that report)',
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: FraudReportPaths.fraudReports,
    summary: "The caller's fraud reports, newest first",
    security,
    responses: { 200: jsonResponse('The reports', FraudReportsResponse), ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: FraudReportPaths.latestFraudReport,
    summary: "The caller's newest fraud report",
    security,
    responses: { 200: jsonResponse('The report', FraudReport), ...commonErrors, 404: errorResponse('The user has no reports') },
  });
  registry.registerPath({
    method: 'get',
    path: FraudReportPaths.fraudReport,
    summary: 'One fraud report of the caller, by its reference number',
    security,
    request: { params: FraudReportParams },
    responses: { 200: jsonResponse('The report', FraudReport), ...commonErrors, 404: errorResponse('No such report for this user') },
  });
}
