import type { ZodType, ZodTypeDef } from 'zod';
import {
  ApiError,
  ApiPaths,
  Balance,
  BalancesResponse,
  buildPath,
  Profile,
  Transaction,
  TransactionsQuery,
  TransactionsResponse,
  VOICE_SESSION_HEADER,
  VoiceCodeResult,
} from '../contract/api';

/**
 * What went wrong with a backend call, in the terms the conversation cares about:
 * `unavailable` covers timeouts, network faults, 5xx and answers that break the contract.
 */
export type BackendFailure = 'unavailable' | 'unauthorized' | 'voice_code_required' | 'not_found' | 'rejected';

export class BackendError extends Error {
  constructor(
    readonly failure: BackendFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export function isBackendFailure(error: unknown, failure: BackendFailure): error is BackendError {
  return error instanceof BackendError && error.failure === failure;
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
  method: 'GET' | 'POST';
  path: string;
  credentials: Credentials;
  responseSchema: ZodType<T, ZodTypeDef, unknown>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/** The skill's only way to the service backend; the shapes come from src/contract/api.ts. */
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

  private async attempt<T>({ method, path, credentials, responseSchema, query, body }: CallOptions<T>): Promise<T> {
    const url = new URL(this.options.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${credentials.accessToken}`,
    };
    if (credentials.voiceSession) headers[VOICE_SESSION_HEADER] = credentials.voiceSession;
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    let payload: unknown;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      payload = await response.json();
    } catch (error) {
      // The URL path is safe to report; headers (tokens) never are.
      const reason = error instanceof Error ? error.name : 'unknown';
      throw new BackendError('unavailable', `${method} ${path} failed: ${reason}`);
    }

    if (response.ok) {
      const parsed = responseSchema.safeParse(payload);
      if (!parsed.success) throw new BackendError('unavailable', `${method} ${path} answered outside the contract`, response.status);
      return parsed.data;
    }
    throw errorFromResponse(method, path, response.status, payload);
  }
}

function errorFromResponse(method: string, path: string, status: number, payload: unknown): BackendError {
  const apiError = ApiError.safeParse(payload);
  const code = apiError.success ? apiError.data.error.code : undefined;
  const description = `${method} ${path} answered ${status}${code ? ` ${code}` : ''}`;
  if (status >= 500 || !apiError.success) return new BackendError('unavailable', description, status);
  if (code === 'voice_code_required') return new BackendError('voice_code_required', description, status);
  if (status === 401) return new BackendError('unauthorized', description, status);
  if (status === 404) return new BackendError('not_found', description, status);
  return new BackendError('rejected', description, status);
}
