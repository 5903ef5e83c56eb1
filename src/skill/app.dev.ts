import type { Jovo } from '@jovotech/framework';
import type { CoreRequest } from '@jovotech/platform-core';
import { JovoDebugger } from '@jovotech/plugin-debugger';
import { createConfiguredApp } from './stage';

/** The demo user the Jovo debugger speaks as: its requests carry no account of their own. */
const DEBUGGER_ACCESS_TOKEN = process.env.CAREVOICE_DEBUGGER_TOKEN || 'demo-alice';

function signInDebuggerRequests(jovo: Jovo): void {
  if (jovo.$alexa) return;
  const request = jovo.$request as CoreRequest;
  if (!request.data?.accessToken) request.data = { ...request.data, accessToken: DEBUGGER_ACCESS_TOKEN };
}

/**
 * Development: the Jovo debugger joins only when started with --jovo-webhook (`npm run dev`).
 * Its UI is Jovo's website; without the flag the app serves locally just the same. Loaded
 * without the flag, the plugin still handles every request and adds about 90 ms to each.
 */
export const app = createConfiguredApp();
if (process.argv.includes('--jovo-webhook')) {
  app.configure({ plugins: [new JovoDebugger()] });
  app.hook('request.start', signInDebuggerRequests);
}
