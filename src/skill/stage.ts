import type { App } from '@jovotech/framework';
import { createApp } from './app';
import { BackendClient } from './services/backend-client';
import { loadConfig } from './config';

/** The app wired to the backend named by the environment (BACKEND_URL / BACKEND_PORT). */
export function createConfiguredApp(): App {
  const config = loadConfig();
  return createApp({ backend: new BackendClient({ baseUrl: config.backendUrl, timeoutMs: config.backendTimeoutMs }) });
}
