/**
 * Backend throughput (section 4): reads and risk-scored transfers as demo-alice, against one
 * backend instance or several sharing one database (the connections then take the instances in
 * turn), with the same warm-up and steady rounds whatever the store.
 */
import { DEMO_FRIEND_ACCOUNTS } from '../../src/backend/seed/anti-fraud';
import { LoadOptions, measureLoad, warmUp } from './load';
import type { BackendRow, BackendStore } from './results';
import type { TurnSettings } from './turns';

export const BACKEND_CONNECTIONS = 16;

const HEADERS = { authorization: 'Bearer demo-alice', accept: 'application/json' };

export type BackendEndpoint = 'balances' | 'transactions' | 'transfers';

interface EndpointLoad extends Omit<LoadOptions, 'url' | 'connections'> {
  /** As BackendRow.endpoint (summary.ts finds the rows by it). */
  label: string;
  path: string;
}

const ENDPOINTS: Record<BackendEndpoint, EndpointLoad> = {
  balances: { label: 'GET /v1/balances', path: '/v1/balances', headers: HEADERS, verifyBody: (body) => body.includes('"balances"') },
  transactions: { label: 'GET /v1/transactions', path: '/v1/transactions', headers: HEADERS, verifyBody: (body) => body.includes('"transactions"') },
  // Transfers of one cent to a payee Alice has paid before: scored by the risk engine, settled
  // at once, each with its own Idempotency-Key (a repeated key would only replay the answer).
  transfers: {
    label: 'POST /v1/transfers (risk scoring)',
    path: '/v1/transfers',
    headers: { ...HEADERS, 'idempotency-key': 'bench-[<id>]' },
    body: JSON.stringify({
      payee: { name: 'Emma Johnson', account: DEMO_FRIEND_ACCOUNTS.alice['Emma Johnson'] },
      amountMinor: 1,
      currency: 'USD',
      memo: 'bench',
      channel: 'mobile_app',
    }),
    idReplacement: true,
    verifyBody: (body) => body.includes('"risk"') && body.includes('"status"'),
  },
};

export interface BackendUnderLoad {
  /** One URL per instance; all of them serve the same store. */
  urls: string[];
  store: BackendStore;
  endpoints: BackendEndpoint[];
}

/** Each endpoint in turn: a warm-up, then steady rounds at BACKEND_CONNECTIONS (medians). */
export async function measureBackend({ urls, store, endpoints }: BackendUnderLoad, settings: TurnSettings): Promise<BackendRow[]> {
  const rows: BackendRow[] = [];
  for (const endpoint of endpoints) {
    const { label, path, ...request } = ENDPOINTS[endpoint];
    const load = { ...request, url: urls.map((url) => `${url}${path}`), connections: BACKEND_CONNECTIONS };
    await warmUp(load, settings.warmupSeconds);
    const result = await measureLoad({ ...load, rounds: settings.rounds, seconds: settings.roundSeconds });
    rows.push({
      endpoint: label,
      store,
      instances: urls.length,
      connections: BACKEND_CONNECTIONS,
      rps: result.rps,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      failures: result.failures,
    });
  }
  return rows;
}
