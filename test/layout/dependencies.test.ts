import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/shared/project-paths';

/** The layout's rules (.dependency-cruiser.js): no import cycle, skill and backend apart, shared and classifiers standing alone. */
describe('layout: dependency rules', () => {
  it('src/ has no import cycle and no import across the deployables', async function () {
    this.timeout(60_000);
    const cli = join(PROJECT_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    const run = promisify(execFile)(process.execPath, [cli, 'src', '--config', '.dependency-cruiser.js', '--output-type', 'err'], {
      cwd: PROJECT_ROOT,
    });
    const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
      assert.fail(`dependency rules broken:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    assert.match(stdout, /no dependency violations found/);
  });
});
