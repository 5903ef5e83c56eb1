/**
 * Handing a conversation over to a person: the ticket the skill opens with the conversation's
 * context (so nobody asks the user again), the user's view of it (queue position, expected wait,
 * a call back instead of waiting), and the agent desk's queue (list, claim, close), which is
 * reached with the desk's API key, never with a user's token.
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import {
  Emotions,
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
// Paths and headers

export const HandoffPaths = {
  tickets: '/v1/handoff/tickets',
  openTicket: '/v1/handoff/tickets/open',
  ticket: '/v1/handoff/tickets/{id}',
  ticketContactMode: '/v1/handoff/tickets/{id}/contact-mode',
  agentQueue: '/v1/agent/handoff/queue',
  agentClaim: '/v1/agent/handoff/tickets/{id}/claim',
  agentClose: '/v1/agent/handoff/tickets/{id}/close',
} as const;
export type HandoffPath = (typeof HandoffPaths)[keyof typeof HandoffPaths];

/** The agent desk's secret (CAREVOICE_AGENT_API_KEY); user tokens are refused on the queue. */
export const AGENT_KEY_HEADER = 'X-Agent-Key';

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const HandoffReasons = ['user_request', 'misunderstood', 'low_confidence', 'angry', 'fraud'] as const;
export const HandoffReason = oneOf(HandoffReasons).openapi({
  description:
    '"user_request": the user asked for a person; "misunderstood": two misunderstandings in a row; ' +
    '"low_confidence": a question the skill could not place; "angry": the user sounded angry; "fraud": a scam case',
});
export type HandoffReason = z.infer<typeof HandoffReason>;

export const HandoffTopics = ['general', 'balance', 'transactions', 'payment_failed', 'top_up', 'card', 'transfer', 'fraud', 'account', 'faq'] as const;
export const HandoffTopic = oneOf(HandoffTopics).openapi({ description: 'What the conversation was about, as the skill detected it' });
export type HandoffTopic = z.infer<typeof HandoffTopic>;

export const ContactModes = ['live_agent', 'callback'] as const;
export const ContactMode = oneOf(ContactModes).openapi({
  description: '"live_agent": the next free agent writes to the user in the app; "callback": the agent phones the user',
});
export type ContactMode = z.infer<typeof ContactMode>;

export const HandoffTicketStatus = z.enum(['waiting', 'claimed', 'closed']).openapi({
  description: '"waiting" in the queue; "claimed" by an agent; "closed" when done',
});
export type HandoffTicketStatus = z.infer<typeof HandoffTicketStatus>;

const HandoffLanguage = z
  .string({ required_error: 'is required' })
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as "de" or "de-DE"')
  .openapi({ example: 'de-DE' });

const IntentName = z
  .string({ invalid_type_error: 'must be a string' })
  .regex(/^[A-Za-z0-9_.]{1,64}$/, 'must be an intent name of 1 to 64 letters, digits, _ or .');

const Utterance = z.string({ invalid_type_error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const HandoffContext = z
  .object({
    intents: z
      .array(IntentName)
      .max(20, 'must have at most 20 entries')
      .openapi({
        description: 'The intents of the conversation, oldest first',
        example: ['TransactionDetailIntent', 'AMAZON.FallbackIntent', 'AMAZON.FallbackIntent'],
      }),
    utterances: z.array(Utterance).max(5, 'must have at most 5 entries').openapi({
      description: "The user's last utterances, shortened, digit runs masked (never a code or an account number)",
    }),
    topic: HandoffTopic,
    language: HandoffLanguage,
    emotion: z.enum(Emotions).optional(),
    summary: z.string().trim().max(500, 'must be at most 500 characters').optional().openapi({
      description: 'One line for the agent, e.g. "asked about the failed card payment at Marks & Spencer"',
    }),
  })
  .strict()
  .openapi('HandoffContext');
export type HandoffContext = z.infer<typeof HandoffContext>;

// ---------------------------------------------------------------------------------------------
// Requests and answers

export const CreateHandoffTicketRequest = z
  .object({
    reason: HandoffReason,
    contactMode: ContactMode.default('live_agent'),
    channel: RequestChannel,
    context: HandoffContext,
  })
  .strict()
  .openapi('CreateHandoffTicketRequest');
export type CreateHandoffTicketRequest = z.input<typeof CreateHandoffTicketRequest>;

export const HandoffIdempotencyHeaders = idempotencyKeyHeaders('handoff ticket', 8, 128);

export const ContactModeRequest = z.object({ contactMode: ContactMode }).strict().openapi('ContactModeRequest');
export type ContactModeRequest = z.infer<typeof ContactModeRequest>;

export const HandoffTicket = z
  .object({
    id: z.string().openapi({ example: 'hd_3k9f0a1b2c3d4e5f' }),
    status: HandoffTicketStatus,
    reason: z.enum(HandoffReasons),
    contactMode: z.enum(ContactModes),
    channel: z.enum(TransferChannels),
    context: HandoffContext,
    createdAt: UtcTimestamp,
    queuePosition: z.number().int().min(1).optional().openapi({ description: 'Only while waiting: 1 is next' }),
    estimatedWaitMinutes: z.number().int().min(0).optional().openapi({ description: 'Only while waiting' }),
    callbackAt: UtcTimestamp.optional().openapi({
      description:
        'Only while a call back waits: when a colleague is expected to call, within the hours of the desk of the ' +
        "ticket's language (fraud: around the clock); after the estimated wait if the desk is open then, else when it next opens",
      example: '2026-11-30T13:00:00.000Z',
    }),
    claimedAt: UtcTimestamp.optional(),
    closedAt: UtcTimestamp.optional(),
  })
  .openapi('HandoffTicket');
export type HandoffTicket = z.infer<typeof HandoffTicket>;

export const AgentHandoffTicket = HandoffTicket.extend({
  user: z.object({ id: z.string(), displayName: z.string(), timeZone: z.string() }),
  agent: z.string().optional().openapi({ description: 'Who claimed it' }),
  resolution: z.string().optional(),
}).openapi('AgentHandoffTicket');
export type AgentHandoffTicket = z.infer<typeof AgentHandoffTicket>;

export const AgentQueueResponse = z
  .object({ tickets: z.array(AgentHandoffTicket).openapi({ description: 'Waiting tickets, oldest first' }) })
  .openapi('AgentQueueResponse');
export type AgentQueueResponse = z.infer<typeof AgentQueueResponse>;

const AgentName = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters');

export const AgentClaimRequest = z.object({ agent: AgentName }).strict().openapi('AgentClaimRequest');
export type AgentClaimRequest = z.infer<typeof AgentClaimRequest>;

export const AgentCloseRequest = z
  .object({ agent: AgentName, resolution: z.string().trim().max(1000, 'must be at most 1000 characters').optional() })
  .strict()
  .openapi('AgentCloseRequest');
export type AgentCloseRequest = z.infer<typeof AgentCloseRequest>;

export const HandoffTicketParams = z.object({ id: z.string().min(1).max(64, 'must be at most 64 characters') });

// ---------------------------------------------------------------------------------------------
// OpenAPI

export function registerHandoffPaths({ registry, security, commonErrors }: OpenApiParts): void {
  const agentKey = registry.registerComponent('securitySchemes', 'agentKey', {
    type: 'apiKey',
    in: 'header',
    name: AGENT_KEY_HEADER,
    description: "The agent desk's API key (CAREVOICE_AGENT_API_KEY); user tokens are not accepted",
  });
  const agentSecurity = [{ [agentKey.name]: [] }];
  const agentErrors = {
    400: commonErrors[400],
    401: errorResponse('Missing or wrong agent key (or no key configured)'),
    500: commonErrors[500],
    404: errorResponse('No such ticket'),
  };

  registry.registerPath({
    method: 'post',
    path: HandoffPaths.tickets,
    summary: 'Hand the conversation to a person: opens a ticket with its context, in the queue',
    description:
      `A retry with the same ${IDEMPOTENCY_KEY_HEADER} answers 200 with the original ticket and "${IDEMPOTENT_REPLAY_HEADER}: true". ` +
      'A user has at most one open ticket: another one is a 409 whose details name it.',
    security,
    request: { headers: HandoffIdempotencyHeaders, ...jsonRequest(CreateHandoffTicketRequest) },
    responses: {
      201: jsonResponse('Opened', HandoffTicket),
      200: jsonResponse('A retry: the same ticket', HandoffTicket),
      ...commonErrors,
      409: errorResponse('conflict: the key was used for another request, or the user already has an open ticket (details.ticketId)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: HandoffPaths.openTicket,
    summary: "The caller's open ticket (waiting or claimed), with its queue position",
    security,
    responses: { 200: jsonResponse('The ticket', HandoffTicket), ...commonErrors, 404: errorResponse('No open ticket') },
  });
  registry.registerPath({
    method: 'get',
    path: HandoffPaths.ticket,
    summary: 'One ticket of the caller',
    security,
    request: { params: HandoffTicketParams },
    responses: { 200: jsonResponse('The ticket', HandoffTicket), ...commonErrors, 404: errorResponse('No such ticket for this user') },
  });
  registry.registerPath({
    method: 'post',
    path: HandoffPaths.ticketContactMode,
    summary: 'Wait for an agent in the app, or be called back instead (while the ticket waits)',
    security,
    request: { params: HandoffTicketParams, ...jsonRequest(ContactModeRequest) },
    responses: {
      200: jsonResponse('The ticket', HandoffTicket),
      ...commonErrors,
      404: errorResponse('No such ticket for this user'),
      409: errorResponse('already_decided: an agent has claimed or closed it'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: HandoffPaths.agentQueue,
    summary: 'Agent desk: the waiting tickets, oldest first, with their context',
    security: agentSecurity,
    responses: { 200: jsonResponse('The queue', AgentQueueResponse), 401: agentErrors[401], 500: agentErrors[500] },
  });
  registry.registerPath({
    method: 'post',
    path: HandoffPaths.agentClaim,
    summary: 'Agent desk: take a waiting ticket',
    security: agentSecurity,
    request: { params: HandoffTicketParams, ...jsonRequest(AgentClaimRequest) },
    responses: { 200: jsonResponse('Claimed', AgentHandoffTicket), ...agentErrors, 409: errorResponse('already_decided: not waiting') },
  });
  registry.registerPath({
    method: 'post',
    path: HandoffPaths.agentClose,
    summary: 'Agent desk: close a ticket (waiting or claimed)',
    security: agentSecurity,
    request: { params: HandoffTicketParams, ...jsonRequest(AgentCloseRequest) },
    responses: { 200: jsonResponse('Closed', AgentHandoffTicket), ...agentErrors, 409: errorResponse('already_decided: already closed') },
  });
}
