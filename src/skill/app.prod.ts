import { createConfiguredApp } from './stage';

/** Production: the shared app only; no debugger, no local files. */
export const app = createConfiguredApp();
