import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../../src/shared/project-paths';

const run = promisify(execFile);

describe('anti-fraud: npm run simulate', function () {
  this.timeout(60_000);

  it('ends with one JSON line: no release without double confirmation, every heated user offered a person', async () => {
    const { stdout } = await run('npx', ['ts-node', '--transpile-only', 'scripts/simulate.ts', '--json', '--users', '500'], {
      cwd: PROJECT_ROOT,
    });
    const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '');
    assert.equal(summary.unconfirmed_releases, 0);
    assert.equal(summary.human_offer_share_angry_insistent, 1);
    assert.ok(summary.stopped_share > 0.5 && summary.stopped_share <= 1, `stopped ${summary.stopped_share}`);
    assert.ok(Number.isFinite(summary.regret) && summary.regret >= 0);
  });
});
