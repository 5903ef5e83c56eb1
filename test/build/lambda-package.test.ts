/**
 * `npm run build:lambda`'s package answers on its own: staged from dist/ (built by `npm run build`,
 * as CI does before the tests) into a directory outside the repository, its bundle is invoked in
 * a fresh process, as Lambda invokes it, against a real backend.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { alexaTurn, BENCH_SKILL_ID, spokenText } from '../../bench/lib/alexa-requests';
import { startBenchBackend } from '../../bench/targets/backend';
import type { RunningService } from '../../bench/lib/service';
import { LAMBDA_BUNDLE, lambdaPackageFiles, stageLambdaPackage, zipLambdaPackage } from '../../scripts/build-lambda';

const run = promisify(execFile);

function faqQuestion(question: string) {
  const event = alexaTurn('balance');
  const query = { name: 'query', value: question, confirmationStatus: 'NONE' };
  return { ...event, request: { ...event.request, intent: { name: 'FaqIntent', confirmationStatus: 'NONE', slots: { query } } } };
}

/** The bundle's answers to `events`, one after the other in one process started in `directory`. */
async function invokeBundle(directory: string, backendUrl: string, events: unknown[]): Promise<string[]> {
  const script = `
    const { handler } = require('./${LAMBDA_BUNDLE}');
    (async () => {
      const answers = [];
      for (const event of ${JSON.stringify(events)}) answers.push(await handler(event, {}));
      process.stdout.write(JSON.stringify(answers));
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    cwd: directory,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ALEXA_SKILL_ID: BENCH_SKILL_ID, BACKEND_URL: backendUrl, LOG_LEVEL: 'silent' },
  });
  return (JSON.parse(stdout) as unknown[]).map((answer) => spokenText(JSON.stringify(answer)) ?? '');
}

describe('build: the Lambda package', function () {
  this.timeout(120_000);
  let directory: string;
  let backend: RunningService;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'carevoice-lambda-test-'));
    await stageLambdaPackage(directory);
    backend = await startBenchBackend();
  });

  after(async () => {
    await backend?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('holds the bundle and every file the skill reads at run time', () => {
    for (const file of lambdaPackageFiles()) assert.ok(existsSync(join(directory, file)), `${file} missing from the package`);
    assert.ok(!existsSync(join(directory, 'node_modules')), 'the bundle needs no node_modules');
  });

  it('answers a LaunchRequest, a balance and a FAQ question from outside the repository', async () => {
    const [launch, balance, faq] = await invokeBundle(directory, backend.url, [
      alexaTurn('launch'),
      alexaTurn('balance'),
      faqQuestion('how long does it take for my new card to arrive'),
    ]);
    assert.match(launch, /Star Task Hub/, 'the held transfer is announced first');
    assert.match(balance, /You have \$[\d,.]+/);
    assert.match(faq, /card usually arrives/);
  });

  it('zips every file of the package', async () => {
    const zipFile = join(directory, 'package.zip');
    await zipLambdaPackage(directory, zipFile);
    assert.ok(statSync(zipFile).size > statSync(join(directory, LAMBDA_BUNDLE)).size / 2);
  });
});
