import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODELS_DIR } from '../../../src/shared/project-paths';
import { corpusFingerprint, prebuiltNlpjsModel, shortenedCorpus } from '../../../src/skill/nlu/shared-nlpjs';

describe('unit: the web NLU model built ahead (build/nlpjs-model.json)', () => {
  let corpus: unknown[];
  const file = join(mkdtempSync(join(tmpdir(), 'nlpjs-')), 'model.json');
  before(async () => {
    corpus = await shortenedCorpus(MODELS_DIR);
  });

  it('is read only when it was trained from this very corpus', () => {
    writeFileSync(file, JSON.stringify({ fingerprint: corpusFingerprint(corpus), model: '{"built":true}' }));
    assert.equal(prebuiltNlpjsModel(corpus, file), '{"built":true}');
  });

  it('is ignored (and nlp.js trains) when one phrase of the models changed, or when there is none', () => {
    const changed = structuredClone(corpus) as Array<{ data: Array<{ utterances: string[] }> }>;
    changed[0].data[0].utterances[0] += ' please';
    writeFileSync(file, JSON.stringify({ fingerprint: corpusFingerprint(changed), model: '{"built":true}' }));
    assert.equal(prebuiltNlpjsModel(corpus, file), undefined);
    assert.equal(prebuiltNlpjsModel(corpus, join(tmpdir(), 'no-such-nlpjs-model.json')), undefined);
  });
});
