import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadUnderstanding,
  readUnderstandingArtifact,
  understandingWeightsPath,
  UnderstandingModel,
  writeUnderstandingArtifact,
} from '../../../src/skill/nlu/understanding';

const QUESTIONS: Array<[string, string]> = [
  ['what is my balance', 'en-US'],
  ['Wann kommt meine neue Karte?', 'de-DE'],
  ['por favor congela mi cuenta', 'es-ES'],
  ["quelqu'un m'a arnaqué au téléphone", 'fr-FR'],
  ['暗証番号がロックされた', 'ja-JP'],
  ['我的卡什么时候到', 'zh-CN'],
];

describe('unit: the understanding artifact on disk (JSON and raw int8 weights beside it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'understanding-'));
  const path = join(dir, 'model.json');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back a model that understands every language exactly as before', () => {
    const model = loadUnderstanding();
    writeUnderstandingArtifact(path, model.toArtifact({ fingerprint: 'test', trainedAt: new Date(0).toISOString(), trainingMs: 0, examples: 0 }));
    const json = readFileSync(path);
    assert.ok(isAscii(json), 'the JSON is ASCII: non-ASCII vocabulary is escaped');
    assert.ok(statSync(understandingWeightsPath(path)).size > 10 * json.length, 'the weights are beside the JSON, not in it');
    const restored = UnderstandingModel.fromArtifact(readUnderstandingArtifact(path));
    for (const [text, locale] of QUESTIONS) assert.deepEqual(restored.understand(text, locale), model.understand(text, locale), text);
  });

  it('says to build again when the weights file is missing', () => {
    rmSync(understandingWeightsPath(path));
    assert.throws(() => readUnderstandingArtifact(path), /weights is missing or does not match .*run npm run build/);
  });
});
