/** Shared by the backend tests: a real server on a free port over a throw-away data directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { ApiPaths, VOICE_SESSION_HEADER, type Transaction, type TransactionsResponse } from '../../src/shared/contract/api';
import { DEMO_USERS, type DemoUser } from '../../src/shared/demo-users';
import { startBackend } from '../../src/backend/main';
import { createLogger } from '../../src/shared/logger';
import { testStoreIn } from '../support/store';

export { DEMO_USERS };

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON, if the reply was JSON: tests assert on whatever came back. */
  body: any;
}

export interface CallOptions {
  token?: string;
  voiceSession?: string;
  /** JSON-encoded unless a string, which is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export class Api {
  constructor(readonly url: string) {}

  async call(method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    if (options.voiceSession !== undefined) headers[VOICE_SESSION_HEADER] = options.voiceSession;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const response = await fetch(`${this.url}${pathAndQuery}`, { method, headers, body });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
    return { status: response.status, headers: response.headers, text, body: isJson ? JSON.parse(text) : undefined };
  }

  get(pathAndQuery: string, options?: CallOptions): Promise<Reply> {
    return this.call('GET', pathAndQuery, options);
  }

  post(pathAndQuery: string, body: unknown, options?: CallOptions): Promise<Reply> {
    return this.call('POST', pathAndQuery, { ...options, body });
  }

  put(pathAndQuery: string, body: unknown, options?: CallOptions): Promise<Reply> {
    return this.call('PUT', pathAndQuery, { ...options, body });
  }

  delete(pathAndQuery: string, options?: CallOptions): Promise<Reply> {
    return this.call('DELETE', pathAndQuery, options);
  }

  /** Says the user's voice code and returns the voice session. */
  async voiceSession(user: DemoUser): Promise<string> {
    const reply = await this.post(ApiPaths.voiceCodeVerify, { code: user.voiceCode }, { token: user.token });
    if (reply.body?.result !== 'ok') {
      throw new Error(`Voice code of ${user.displayName} refused: ${reply.text}`);
    }
    return reply.body.voiceSession;
  }

  /** Every page of a listing, following nextCursor. */
  async allTransactions(user: DemoUser, query = '', voiceSession?: string): Promise<Transaction[]> {
    const transactions: Transaction[] = [];
    let cursor: string | undefined;
    do {
      const cursorParam = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const reply = await this.get(`${ApiPaths.transactions}?limit=50${query}${cursorParam}`, {
        token: user.token,
        voiceSession,
      });
      if (reply.status !== 200) {
        throw new Error(`Listing failed: ${reply.status} ${reply.text}`);
      }
      const page: TransactionsResponse = reply.body;
      transactions.push(...page.transactions);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return transactions;
  }
}

export interface TestBackend {
  api: Api;
  dataDir: string;
  close(): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'carevoice-test-'));
}

/** The real startup path (`startBackend`) on port 0 over a fresh store. */
export async function startTestBackend(): Promise<TestBackend> {
  const dataDir = await makeDataDir();
  const backend = await startBackend({ port: 0, store: await testStoreIn(dataDir), logger: createLogger('silent') });
  return {
    api: new Api(backend.url),
    dataDir,
    close: async () => {
      await backend.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Serves an app built by the test itself (its own clock, logger or broken database). */
export async function serve(app: Express): Promise<{ api: Api; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, () => resolve(listening));
  });
  return {
    api: new Api(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
