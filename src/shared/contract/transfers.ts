/**
 * The anti-fraud part of the backend API: outgoing transfers scored by the risk engine, the
 * alerts opened for held transfers, the user's decisions and the persuasion statistics the
 * skill's bandit learns from.
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import {
  CurrencyCode,
  Emotion,
  IDEMPOTENCY_KEY_HEADER,
  MinorUnits,
  OpenApiParts,
  RequestChannel,
  ScamType,
  TransferChannels,
  UtcTimestamp,
  errorResponse,
  idempotencyKeyHeaders,
  jsonResponse,
  oneOf,
  jsonRequest,
} from './building-blocks';

// ---------------------------------------------------------------------------------------------
// Paths and headers

export const TransferPaths = {
  transfers: '/v1/transfers',
  transfer: '/v1/transfers/{id}',
  transferCancel: '/v1/transfers/{id}/cancel',
  alerts: '/v1/alerts',
  alert: '/v1/alerts/{id}',
  alertWarningHeard: '/v1/alerts/{id}/warning-heard',
  alertDecision: '/v1/alerts/{id}/decision',
  persuasionStats: '/v1/persuasion/stats',
} as const;
export type TransferPath = (typeof TransferPaths)[keyof typeof TransferPaths];

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** The rules of `src/backend/risk/rules.json`, by code; a reason names the rule that fired. */
export const RiskRuleCodes = [
  'payee_scam_listed',
  'payee_reported',
  'first_transfer_to_payee',
  'amount_above_history',
  'scam_wording',
  'new_payee_burst',
  'night_time',
  'payee_account_new',
] as const;
export const RiskRuleCode = z.enum(RiskRuleCodes);
export type RiskRuleCode = z.infer<typeof RiskRuleCode>;

export const TransferStatus = z.enum(['held', 'pending', 'settled', 'cancelled']).openapi({
  description:
    '"held": reserved (not spendable) until the user decides; "pending": delayed arrival, reserved until ' +
    'arrivesAt, then it settles by itself unless the user cancels it first; "settled": the money left; ' +
    '"cancelled": the reserved money is back in the wallet',
});
export type TransferStatus = z.infer<typeof TransferStatus>;

// ---------------------------------------------------------------------------------------------
// Transfers

/** IBAN (spaces allowed), international phone number, or wallet id such as "@emma.j". */
const PAYEE_ACCOUNT = /^(?:[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){10,30}|\+[0-9](?:[ -]?[0-9]){6,14}|@[a-z0-9._-]{3,32})$/;

export const PayeeInput = z.object(
  {
    name: z
      .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .openapi({ example: 'Daniel Brooks' }),
    account: z
      .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
      .trim()
      .regex(PAYEE_ACCOUNT, 'must be an IBAN, a phone number with its country code (+...) or a wallet id such as "@emma.j"')
      .openapi({ description: 'Stored and shown masked only', example: 'DE89 3704 0044 0532 0130 00' }),
  },
  { required_error: 'is required', invalid_type_error: 'must be an object with name and account' },
);

export const CreateTransferRequest = z
  .object({
    payee: PayeeInput,
    amountMinor: z
      .number({ required_error: 'is required', invalid_type_error: 'must be a whole number of minor units' })
      .int('must be a whole number of minor units')
      .positive('must be greater than 0')
      .max(1_000_000_000, 'must be at most 1000000000')
      .openapi({ example: 120_000 }),
    currency: CurrencyCode,
    memo: z.string({ invalid_type_error: 'must be a string' }).trim().max(140, 'must be at most 140 characters').optional(),
    channel: RequestChannel,
  })
  .openapi('CreateTransferRequest');
export type CreateTransferRequest = z.infer<typeof CreateTransferRequest>;

export const IdempotencyKeyHeaders = idempotencyKeyHeaders('transfer', 8, 128);

export const RiskReason = z
  .object({
    code: RiskRuleCode,
    weight: z.number().int().positive().openapi({ description: 'Points this rule added to the score' }),
    evidence: z.string().optional().openapi({
      description: 'What triggered it, for agents and logs (e.g. the matched wording); never spoken as is',
      example: 'commission',
    }),
  })
  .openapi('RiskReason');
export type RiskReason = z.infer<typeof RiskReason>;

export const RiskAssessment = z
  .object({
    score: z.number().int().min(0).max(100),
    level: z.enum(['low', 'high']).openapi({ description: '"high" when the score reaches the hold threshold' }),
    reasons: z.array(RiskReason).openapi({ description: 'Heaviest first; their weights sum to the score (capped at 100)' }),
    scamType: ScamType,
  })
  .openapi('RiskAssessment');
export type RiskAssessment = z.infer<typeof RiskAssessment>;

export const Transfer = z
  .object({
    id: z.string().openapi({ example: 'tr_3k9f0a1b2c3d4e5f' }),
    createdAt: UtcTimestamp,
    status: TransferStatus,
    payee: z.object({
      name: z.string(),
      accountMasked: z.string().openapi({ example: 'DE89…3000' }),
    }),
    amountMinor: MinorUnits.positive(),
    currency: CurrencyCode,
    memo: z.string().optional(),
    channel: z.enum(TransferChannels),
    risk: RiskAssessment,
    transactionId: z.string().openapi({ description: 'The ledger entry: pending while held' }),
    alertId: z.string().optional().openapi({ description: 'The alert opened when the transfer was held' }),
    holdUntil: UtcTimestamp.optional().openapi({
      description: 'End of the hold (the delayed arrival\'s 2 h or 24 h when on). Money is released only by a "proceed" decision, never by time',
    }),
    arrivesAt: UtcTimestamp.optional().openapi({
      description: 'Delayed arrival to a new payee: when the money arrives by itself; it can be cancelled until then',
    }),
    holdExpired: z.boolean().optional().openapi({
      description: 'Held and past holdUntil: it stays held until the user decides',
    }),
    settledAt: UtcTimestamp.optional(),
    cancelledAt: UtcTimestamp.optional(),
  })
  .openapi('Transfer');
export type Transfer = z.infer<typeof Transfer>;

export const TransferIdParams = z.object({ id: z.string().min(1).max(64, 'must be at most 64 characters') });

export const TRANSFERS_LIST_LIMIT = 20;

export const TransfersQuery = z.object({
  status: TransferStatus.optional().openapi({ description: '"pending": the transfers that can still be cancelled' }),
});
export type TransfersQuery = z.infer<typeof TransfersQuery>;

export const TransfersResponse = z
  .object({
    transfers: z.array(Transfer).openapi({ description: `Newest first, at most ${TRANSFERS_LIST_LIMIT}` }),
  })
  .openapi('TransfersResponse');
export type TransfersResponse = z.infer<typeof TransfersResponse>;

// ---------------------------------------------------------------------------------------------
// Alerts and decisions

export const AlertStatus = z.enum(['open', 'cancelled', 'proceeded', 'escalated']).openapi({
  description: '"open" until a final decision; a "hold" decision keeps it open',
});
export type AlertStatus = z.infer<typeof AlertStatus>;

export const DecisionKinds = ['cancel', 'hold', 'proceed', 'escalate'] as const;
export const DecisionKind = oneOf(DecisionKinds);
export type DecisionKind = z.infer<typeof DecisionKind>;

const ScriptVariantId = z
  .string({ invalid_type_error: 'must be a string' })
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -')
  .openapi({ example: 'task_scam.anxious.empathetic' });

export const AlertDecisionRequest = z
  .object({
    decision: DecisionKind,
    emotions: z.array(Emotion).max(20, 'must have at most 20 entries').openapi({
      description: 'The emotion detected at each turn of the dialogue, in order',
    }),
    scriptVariants: z.array(ScriptVariantId).max(20, 'must have at most 20 entries').openapi({
      description: 'The script variant spoken at each turn: scriptVariants[i] answered emotions[i]',
    }),
    transcriptSummary: z.string({ invalid_type_error: 'must be a string' }).max(2000, 'must be at most 2000 characters').optional(),
    confirmedTwice: z.boolean({ required_error: 'is required', invalid_type_error: 'must be true or false' }),
  })
  .refine((request) => request.scriptVariants.length === request.emotions.length, {
    path: ['scriptVariants'],
    message: 'must have one entry per emotion (the variant spoken at that turn)',
  })
  .openapi('AlertDecisionRequest');
export type AlertDecisionRequest = z.infer<typeof AlertDecisionRequest>;

export const AlertDecision = z
  .object({
    decision: DecisionKind,
    decidedAt: UtcTimestamp,
    emotions: z.array(Emotion),
    scriptVariants: z.array(z.string()),
    confirmedTwice: z.boolean(),
  })
  .openapi('AlertDecision');
export type AlertDecision = z.infer<typeof AlertDecision>;

export const Alert = z
  .object({
    id: z.string().openapi({ example: 'al_9d8c7b6a5f4e3d2c' }),
    status: AlertStatus,
    openedAt: UtcTimestamp,
    warningHeardAt: UtcTimestamp.optional().openapi({
      description: 'When the user first heard the warning; "proceed" is refused until then',
    }),
    scamType: ScamType,
    transfer: Transfer,
    decisions: z.array(AlertDecision).openapi({ description: 'Oldest first' }),
  })
  .openapi('Alert');
export type Alert = z.infer<typeof Alert>;

export const AlertsResponse = z
  .object({
    alerts: z.array(Alert).openapi({ description: 'Open alerts, oldest first (the longest waiting is told first)' }),
  })
  .openapi('AlertsResponse');
export type AlertsResponse = z.infer<typeof AlertsResponse>;

export const AlertIdParams = TransferIdParams;

// ---------------------------------------------------------------------------------------------
// Persuasion statistics

export const PersuasionStat = z
  .object({
    scamType: ScamType,
    emotion: Emotion,
    variant: z.string(),
    successes: z.number().int().min(0).openapi({ description: 'Decisions that did not release the money' }),
    trials: z.number().int().min(1),
  })
  .openapi('PersuasionStat');
export type PersuasionStat = z.infer<typeof PersuasionStat>;

export const PersuasionStatsResponse = z
  .object({ stats: z.array(PersuasionStat).openapi({ description: 'By scam type, emotion, then variant' }) })
  .openapi('PersuasionStatsResponse');
export type PersuasionStatsResponse = z.infer<typeof PersuasionStatsResponse>;

export function registerTransferPaths({ registry, security, commonErrors, voiceCodeRequired }: OpenApiParts): void {
  const guarded = { ...commonErrors, ...voiceCodeRequired };
  const noSuchAlert = { 404: errorResponse('No such alert for this user') };

  registry.registerPath({
    method: 'post',
    path: TransferPaths.transfers,
    summary:
      'Score and send money: high risk is held and opens an alert; with delayed arrival on, a transfer to a new ' +
      'payee is pending until arrivesAt; anything else settles at once',
    security,
    request: { headers: IdempotencyKeyHeaders, ...jsonRequest(CreateTransferRequest) },
    responses: {
      201: jsonResponse('Created: "settled", "pending" or "held"', Transfer),
      200: jsonResponse(`A retry with the same ${IDEMPOTENCY_KEY_HEADER}: the same transfer, nothing debited again`, Transfer),
      ...guarded,
      409: errorResponse('insufficient_funds: the wallet in that currency cannot cover the amount; ' + 'account_frozen: the user froze outgoing payments'),
      422: errorResponse(`idempotency_key_reused: this ${IDEMPOTENCY_KEY_HEADER} was used for another request`),
    },
  });
  registry.registerPath({
    method: 'get',
    path: TransferPaths.transfers,
    summary: "The caller's latest transfers, optionally of one status",
    security,
    request: { query: TransfersQuery },
    responses: { 200: jsonResponse('The transfers', TransfersResponse), ...guarded },
  });
  registry.registerPath({
    method: 'post',
    path: TransferPaths.transferCancel,
    summary: 'Cancel a pending (delayed arrival) transfer before it arrives: the reserved money is back in the wallet',
    description: 'A held transfer is decided through its alert. Cancelling twice refunds once: the second answers 409.',
    security,
    request: { params: TransferIdParams },
    responses: {
      200: jsonResponse('The cancelled transfer', Transfer),
      ...guarded,
      404: errorResponse('No such transfer'),
      409: errorResponse('already_decided: the transfer is not pending (details.status says whether it was cancelled, has arrived or is held)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: TransferPaths.transfer,
    summary: 'One transfer of the caller',
    security,
    request: { params: TransferIdParams },
    responses: { 200: jsonResponse('The transfer', Transfer), ...guarded, 404: errorResponse('No such transfer') },
  });
  registry.registerPath({
    method: 'get',
    path: TransferPaths.alerts,
    summary: 'Open security alerts: tell these before anything else',
    security,
    responses: { 200: jsonResponse('The open alerts', AlertsResponse), ...guarded },
  });
  registry.registerPath({
    method: 'get',
    path: TransferPaths.alert,
    summary: 'One alert of the caller, open or decided',
    security,
    request: { params: AlertIdParams },
    responses: { 200: jsonResponse('The alert', Alert), ...guarded, ...noSuchAlert },
  });
  registry.registerPath({
    method: 'post',
    path: TransferPaths.alertWarningHeard,
    summary: 'Record that the user has heard the warning (the first time counts)',
    security,
    request: { params: AlertIdParams },
    responses: {
      200: jsonResponse('The alert with warningHeardAt', Alert),
      ...guarded,
      ...noSuchAlert,
      409: errorResponse('already_decided: the transfer is no longer held'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: TransferPaths.alertDecision,
    summary: 'The outcome of the dialogue: cancel (money back), hold, proceed (release) or escalate (human agent)',
    description:
      '"proceed" needs warningHeardAt and confirmedTwice. "cancel", "proceed" and "escalate" are final, ' +
      'except that an escalated alert can still be cancelled by the user.',
    security,
    request: { params: AlertIdParams, ...jsonRequest(AlertDecisionRequest) },
    responses: {
      200: jsonResponse('The alert after the decision', Alert),
      ...guarded,
      ...noSuchAlert,
      409: errorResponse(
        'confirmation_required: "proceed" before the warning was heard or without double confirmation; ' +
          'already_decided: the alert has a final decision; account_frozen: "proceed" while outgoing payments are frozen',
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: TransferPaths.persuasionStats,
    summary: "Successes and trials per (scam type, emotion, script variant), all users, for the skill's bandit",
    security,
    responses: { 200: jsonResponse('The statistics', PersuasionStatsResponse), ...commonErrors },
  });
}
