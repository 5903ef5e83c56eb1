/**
 * One Lambda cold start, in a fresh process: `node lambda-cold.js <path of the bundle's index.js>`.
 * Requires the handler module, invokes it directly (as Alexa invokes a Lambda) with a
 * LaunchRequest, then once more warm with a BalanceIntent, and reports the times over IPC.
 */
const bootMs = performance.now();

import { alexaTurn, spokenText } from '../lib/alexa-requests';
import { ownPeakRssMb } from '../lib/child';
import type { LambdaColdReport } from '../lib/cold-start';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

function answered(result: unknown): boolean {
  return Boolean(spokenText(JSON.stringify(result)));
}

async function main(): Promise<void> {
  const handlerFile = process.argv[2];
  const loadStart = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(handlerFile) as { handler: Handler };
  const loaded = performance.now();
  const first = await handler(alexaTurn('launch'), {});
  const firstDone = performance.now();
  process.send?.({ type: 'first-answer' });
  if (!answered(first)) throw new Error(`no speech in the first answer: ${JSON.stringify(first).slice(0, 300)}`);
  const warm = await handler(alexaTurn('balance'), {});
  const warmDone = performance.now();
  if (!answered(warm)) throw new Error(`no speech in the warm answer: ${JSON.stringify(warm).slice(0, 300)}`);
  const report: LambdaColdReport = {
    type: 'lambda-cold',
    ok: true,
    bootMs,
    loadMs: loaded - loadStart,
    firstInvokeMs: firstDone - loaded,
    warmInvokeMs: warmDone - firstDone,
    peakRssMb: ownPeakRssMb(),
  };
  process.send?.(report, () => process.exit(0));
}

main().catch((error: unknown) => {
  const report: Partial<LambdaColdReport> = {
    type: 'lambda-cold',
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  };
  process.send?.(report, () => process.exit(1));
});
