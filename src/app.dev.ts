import { JovoDebugger } from '@jovotech/plugin-debugger';
import { createConfiguredApp } from './stage';

/**
 * Development: the Jovo debugger joins when started with --jovo-webhook (`npm run dev`).
 * Its UI is Jovo's website; without the flag the app serves locally just the same.
 */
export const app = createConfiguredApp();
app.configure({ plugins: [new JovoDebugger()] });
