import http from 'node:http';
import https from 'node:https';
import type { ZodType, ZodTypeDef } from 'zod';
import {
  AccountFreeze,
  AccountFreezePaths,
  ApiError,
  ApiPaths,
  Balance,
  BalancesResponse,
  buildPath,
  ContactKind,
  CreateFraudReportRequest,
  ErrorCode,
  FraudReport,
  FraudReportPaths,
  IDEMPOTENCY_KEY_HEADER,
  Profile,
  SettingsPaths,
  Transaction,
  TransactionsQuery,
  TransactionsResponse,
  UserSettings,
  VerifyContactPaths,
  VerifyContactResult,
  VOICE_SESSION_HEADER,
  VoiceCodeResult,
} from '../../shared/contract/api';
import { HandoffPaths, HandoffTicket, type ContactMode, type CreateHandoffTicketRequest } from '../../shared/contract/api';
import { ANALYTICS_KEY_HEADER, AnalyticsPaths, AnalyticsSummary, RecordedEvent, type BackendErrorCause, type TurnEvent } from '../../shared/contract/api';
import { AlexaNotifications, AlexaNotificationsPaths, type AlexaNotificationsRequest } from '../../shared/contract/api';
import {
  Alert,
  AlertsResponse,
  PersuasionStatsResponse,
  Transfer,
  TransferPaths,
  TransfersResponse,
  type AlertDecisionRequest,
  type PersuasionStat,
} from '../../shared/contract/api';

/**
 * What went wrong with a backend call, in the terms the conversation cares about:
 * `unavailable` covers timeouts, network faults, 5xx and answers that break the contract;
 * `rate_limited` (429) is apart, so that no caller takes it for a refusal of its request.
 */
export type BackendFailure = 'unavailable' | 'rate_limited' | 'unauthorized' | 'voice_code_required' | 'not_found' | 'rejected';

/** The cause the analytics count for a failure, when the call did not say better (a timeout). */
function causeOf(failure: BackendFailure, status: number | undefined): BackendErrorCause {
  if (failure === 'rate_limited') return 'rate_limited';
  if (failure !== 'unavailable') return 'rejected';
  if (status === undefined) return 'unreachable';
  return status >= 500 ? 'server_error' : 'invalid_response';
}

export class BackendError extends Error {
  constructor(
    readonly failure: BackendFailure,
    message: string,
    readonly status?: number,
    /** The backend's error code, e.g. `open_fraud_report` or `conflict`, when it sent one. */
    readonly code?: ErrorCode,
    /** The backend's error details (for a `conflict` on a fraud report: the `reference` already filed). */
    readonly details?: unknown,
    /** Why, as the analytics count a turn that apologised for it (not `cause`: that is Error's own, for a wrapped error). */
    readonly reason: BackendErrorCause = causeOf(failure, status),
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export function isBackendFailure(error: unknown, failure: BackendFailure): error is BackendError {
  return error instanceof BackendError && error.failure === failure;
}

/** For `.catch()` on a read of something that may have gone since (a reversed authorisation): undefined then. */
export function missingAsUndefined(error: unknown): undefined {
  if (isBackendFailure(error, 'not_found')) return undefined;
  throw error;
}

/** Who is asking: the linked account's token, plus the proof of a spoken voice code if any. */
export interface Credentials {
  accessToken: string;
  voiceSession?: string;
}

export interface BackendClientOptions {
  baseUrl: string;
  /** Per attempt; reads are tried twice. */
  timeoutMs: number;
}

type TransactionFilters = Partial<Omit<TransactionsQuery, 'cursor'>>;

interface CallOptions<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  credentials: Credentials;
  responseSchema: ZodType<T, ZodTypeDef, unknown>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The skill's only way to the service backend; the shapes come from src/shared/contract/api.ts. */
export class BackendClient {
  constructor(private readonly options: BackendClientOptions) {}

  profile(credentials: Credentials): Promise<Profile> {
    return this.call({ method: 'GET', path: ApiPaths.profile, credentials, responseSchema: Profile });
  }

  async balances(credentials: Credentials, currency?: string): Promise<Balance[]> {
    const response = await this.call({
      method: 'GET',
      path: ApiPaths.balances,
      credentials,
      responseSchema: BalancesResponse,
      query: { currency },
    });
    return response.balances;
  }

  async transactions(credentials: Credentials, filters: TransactionFilters = {}): Promise<Transaction[]> {
    const response = await this.call({
      method: 'GET',
      path: ApiPaths.transactions,
      credentials,
      responseSchema: TransactionsResponse,
      query: { ...filters },
    });
    return response.transactions;
  }

  transaction(credentials: Credentials, id: string): Promise<Transaction> {
    return this.call({ method: 'GET', path: buildPath(ApiPaths.transaction, { id }), credentials, responseSchema: Transaction });
  }

  verifyVoiceCode(credentials: Credentials, code: string): Promise<VoiceCodeResult> {
    return this.call({
      method: 'POST',
      path: ApiPaths.voiceCodeVerify,
      credentials,
      responseSchema: VoiceCodeResult,
      body: { code },
    });
  }

  /**
   * Files a fraud report. `idempotencyKey` is made once per report and sent again on every retry:
   * a request that reached the backend before timing out is never filed twice.
   */
  createFraudReport(credentials: Credentials, idempotencyKey: string, body: CreateFraudReportRequest): Promise<FraudReport> {
    return this.call({
      method: 'POST',
      path: FraudReportPaths.fraudReports,
      credentials,
      responseSchema: FraudReport,
      body,
      headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
    });
  }

  /** The user's newest report; `not_found` when there is none. */
  latestFraudReport(credentials: Credentials): Promise<FraudReport> {
    return this.call({ method: 'GET', path: FraudReportPaths.latestFraudReport, credentials, responseSchema: FraudReport });
  }

  /** One report of the user; `not_found` for an unknown reference or another user's. */
  fraudReport(credentials: Credentials, reference: string): Promise<FraudReport> {
    return this.call({
      method: 'GET',
      path: buildPath(FraudReportPaths.fraudReport, { reference }),
      credentials,
      responseSchema: FraudReport,
    });
  }

  accountFreeze(credentials: Credentials): Promise<AccountFreeze> {
    return this.call({ method: 'GET', path: AccountFreezePaths.accountFreeze, credentials, responseSchema: AccountFreeze });
  }

  /** Freezing twice changes nothing, so a retry is harmless. */
  freezeAccount(credentials: Credentials): Promise<AccountFreeze> {
    return this.call({ method: 'POST', path: AccountFreezePaths.accountFreeze, credentials, responseSchema: AccountFreeze });
  }

  /** `voice_code_required` without a voice session; `rejected` with code `open_fraud_report` while a report is open. */
  unfreezeAccount(credentials: Credentials): Promise<AccountFreeze> {
    return this.call({ method: 'POST', path: AccountFreezePaths.accountUnfreeze, credentials, responseSchema: AccountFreeze });
  }

  /** Security alerts go to this Alexa user from now on; repeating it changes nothing. */
  enableAlexaNotifications(credentials: Credentials, alexaUserId: string): Promise<AlexaNotifications> {
    const body: AlexaNotificationsRequest = { alexaUserId };
    return this.call({ method: 'PUT', path: AlexaNotificationsPaths.alexaNotifications, credentials, body, responseSchema: AlexaNotifications });
  }

  disableAlexaNotifications(credentials: Credentials): Promise<AlexaNotifications> {
    return this.call({ method: 'DELETE', path: AlexaNotificationsPaths.alexaNotifications, credentials, responseSchema: AlexaNotifications });
  }

  verifyContact(credentials: Credentials, kind: ContactKind, value: string): Promise<VerifyContactResult> {
    return this.call({
      method: 'GET',
      path: VerifyContactPaths.verifyContact,
      credentials,
      responseSchema: VerifyContactResult,
      query: { kind, value },
    });
  }

  settings(credentials: Credentials): Promise<UserSettings> {
    return this.call({ method: 'GET', path: SettingsPaths.settings, credentials, responseSchema: UserSettings });
  }

  /** Replaces the settings as a whole: send what `settings` returned, changed. */
  updateSettings(credentials: Credentials, settings: UserSettings): Promise<UserSettings> {
    return this.call({ method: 'PUT', path: SettingsPaths.settings, credentials, responseSchema: UserSettings, body: settings });
  }

  /** Transfers waiting out delayed arrival, which the user can still cancel: newest first. */
  async pendingTransfers(credentials: Credentials): Promise<Transfer[]> {
    const response = await this.call({
      method: 'GET',
      path: TransferPaths.transfers,
      credentials,
      responseSchema: TransfersResponse,
      query: { status: 'pending' },
    });
    return response.transfers;
  }

  /** Cancels a pending transfer; `rejected` (409, details.status) when it has arrived or was cancelled already. */
  cancelTransfer(credentials: Credentials, transferId: string): Promise<Transfer> {
    return this.call({ method: 'POST', path: buildPath(TransferPaths.transferCancel, { id: transferId }), credentials, responseSchema: Transfer, body: {} });
  }

  /** Open security alerts (held transfers), oldest first. */
  async alerts(credentials: Credentials): Promise<Alert[]> {
    const response = await this.call({ method: 'GET', path: TransferPaths.alerts, credentials, responseSchema: AlertsResponse });
    return response.alerts;
  }

  /** Records that the user has heard the warning: the backend refuses "proceed" before that. */
  alertWarningHeard(credentials: Credentials, alertId: string): Promise<Alert> {
    return this.call({
      method: 'POST',
      path: buildPath(TransferPaths.alertWarningHeard, { id: alertId }),
      credentials,
      responseSchema: Alert,
      body: {},
    });
  }

  /** The outcome of the alert dialogue: cancel, hold, proceed or escalate. */
  decideAlert(credentials: Credentials, alertId: string, decision: AlertDecisionRequest): Promise<Alert> {
    return this.call({
      method: 'POST',
      path: buildPath(TransferPaths.alertDecision, { id: alertId }),
      credentials,
      responseSchema: Alert,
      body: decision,
    });
  }

  /** Successes and trials per (scam type, emotion, script variant), for the bandit. */
  async persuasionStats(credentials: Credentials): Promise<PersuasionStat[]> {
    const response = await this.call({
      method: 'GET',
      path: TransferPaths.persuasionStats,
      credentials,
      responseSchema: PersuasionStatsResponse,
    });
    return response.stats;
  }

  /**
   * Hands the conversation to a person. `idempotencyKey` is made once per handoff and sent again
   * on a retry; `rejected` (409) when the user already has an open ticket.
   */
  createHandoffTicket(credentials: Credentials, idempotencyKey: string, body: CreateHandoffTicketRequest): Promise<HandoffTicket> {
    return this.call({
      method: 'POST',
      path: HandoffPaths.tickets,
      credentials,
      responseSchema: HandoffTicket,
      body,
      headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
    });
  }

  /** The user's ticket still waiting or with an agent; `not_found` when there is none. */
  openHandoffTicket(credentials: Credentials): Promise<HandoffTicket> {
    return this.call({ method: 'GET', path: HandoffPaths.openTicket, credentials, responseSchema: HandoffTicket });
  }

  /** Setting the same mode twice changes nothing, so a retry is harmless. */
  setHandoffContactMode(credentials: Credentials, ticketId: string, contactMode: ContactMode): Promise<HandoffTicket> {
    return this.call({
      method: 'POST',
      path: buildPath(HandoffPaths.ticketContactMode, { id: ticketId }),
      credentials,
      responseSchema: HandoffTicket,
      body: { contactMode },
    });
  }

  /** One turn and its outcome, for the analytics dashboard; the skill fires it and never waits (src/analytics/). */
  recordTurn(credentials: Credentials, event: TurnEvent): Promise<RecordedEvent> {
    return this.call({ method: 'POST', path: AnalyticsPaths.events, credentials, responseSchema: RecordedEvent, body: event });
  }

  /** The dashboard's aggregates, with the analytics key (no user token). */
  analyticsSummary(analyticsKey: string, days?: number): Promise<AnalyticsSummary> {
    return this.call({
      method: 'GET',
      path: AnalyticsPaths.summary,
      credentials: { accessToken: '' },
      headers: { [ANALYTICS_KEY_HEADER]: analyticsKey },
      responseSchema: AnalyticsSummary,
      query: { days },
    });
  }

  private async call<T>(options: CallOptions<T>): Promise<T> {
    // Reads are safe to repeat; a write is never retried blindly.
    const attempts = options.method === 'GET' ? 2 : 1;
    let lastError: BackendError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await this.attempt(options);
      } catch (error) {
        if (!isBackendFailure(error, 'unavailable')) throw error;
        lastError = error;
      }
    }
    throw lastError ?? new BackendError('unavailable', 'backend call failed');
  }

  private async attempt<T>({ method, path, credentials, responseSchema, query, body, headers: extraHeaders }: CallOptions<T>): Promise<T> {
    const url = new URL(this.options.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      ...extraHeaders,
      accept: 'application/json',
    };
    if (credentials.accessToken) headers.authorization = `Bearer ${credentials.accessToken}`;
    if (credentials.voiceSession) headers[VOICE_SESSION_HEADER] = credentials.voiceSession;
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: JsonResponse;
    try {
      response = await requestJson(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: this.options.timeoutMs,
      });
    } catch (error) {
      // The URL path is safe to report; headers (tokens) never are.
      const name = error instanceof Error ? error.name : 'unknown';
      const cause = name === TIMEOUT_ERROR ? 'timeout' : 'unreachable';
      throw new BackendError('unavailable', `${method} ${path} failed: ${name}`, undefined, undefined, undefined, cause);
    }

    const { status, payload } = response;
    if (status >= 200 && status < 300) {
      const parsed = responseSchema.safeParse(payload);
      if (!parsed.success) throw new BackendError('unavailable', `${method} ${path} answered outside the contract`, status);
      return parsed.data;
    }
    throw errorFromResponse(method, path, status, payload);
  }
}

interface JsonResponse {
  status: number;
  /** Undefined when the body is not JSON (a proxy's HTML page...): the status still tells what happened. */
  payload: unknown;
}

const TIMEOUT_ERROR = 'TimeoutError';

/**
 * Every turn makes a few backend calls, so their cost counts: node:http over kept-alive
 * connections costs about a quarter of the CPU of fetch (undici) per call (0.04 against 0.17 ms
 * for a small JSON answer on loopback, both sides counted).
 * `timeoutMs` bounds the whole exchange, answer included.
 */
const keepAlive = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

function requestJson(url: URL, options: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<JsonResponse> {
  const transport = url.protocol === 'https:' ? https : http;
  const agent = url.protocol === 'https:' ? keepAlive.https : keepAlive.http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = transport.request(url, { method: options.method, headers: options.headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        settled = true;
        clearTimeout(timer);
        let payload: unknown;
        try {
          payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          payload = undefined;
        }
        resolve({ status: response.statusCode ?? 0, payload });
      });
    });
    // Destroyed after the poll phase, and only if still unanswered: when the event loop was blocked
    // past the timeout, the answer may be waiting to be read, and destroying its socket from the
    // timer itself aborted the whole process (a libuv assertion; test/skill/services/blocked-loop.test.ts).
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (!settled) request.destroy(Object.assign(new Error('backend call timed out'), { name: TIMEOUT_ERROR }));
      });
    }, options.timeoutMs);
    request.on('error', (error) => {
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    request.end(options.body);
  });
}

function errorFromResponse(method: string, path: string, status: number, payload: unknown): BackendError {
  const apiError = ApiError.safeParse(payload);
  const code = apiError.success ? apiError.data.error.code : undefined;
  const details = apiError.success ? apiError.data.error.details : undefined;
  const description = `${method} ${path} answered ${status}${code ? ` ${code}` : ''}`;
  // A proxy's or load balancer's 429 or 5xx has no ApiError body: the status alone decides.
  if (status === 429) return new BackendError('rate_limited', description, status, code);
  if (status >= 500 || !apiError.success) return new BackendError('unavailable', description, status, code);
  if (code === 'voice_code_required') return new BackendError('voice_code_required', description, status, code);
  if (status === 401) return new BackendError('unauthorized', description, status, code);
  if (status === 404) return new BackendError('not_found', description, status, code);
  return new BackendError('rejected', description, status, code, details);
}
