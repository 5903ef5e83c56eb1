/**
 * Build step: trains nlp.js (the web NLU that reads entities and the answers inside a dialogue)
 * exactly as the skill does, and writes build/nlpjs-model.json with the fingerprint of its
 * corpus, so that a started skill loads it instead of training on its first typed turn.
 *
 *   ts-node scripts/train-nlpjs.ts [--force]
 *
 * Part of `npm run build`: a model already built from the same corpus is kept.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { createLogger } from '../src/shared/logger';
import { MODELS_DIR } from '../src/shared/project-paths';
import { createApp } from '../src/skill/app';
import { BackendClient } from '../src/skill/services/backend-client';
import { corpusFingerprint, exportTrainedNlpjs, nlpjsModelPath, type NlpjsArtifact, prepareNlu, shortenedCorpus } from '../src/skill/nlu/shared-nlpjs';

const log = (message: string) => console.error(`train-nlpjs: ${message}`);

async function main(): Promise<void> {
  const path = nlpjsModelPath();
  const fingerprint = corpusFingerprint(await shortenedCorpus(MODELS_DIR));
  if (!process.argv.includes('--force') && existsSync(path)) {
    const built = JSON.parse(readFileSync(path, 'utf8')) as NlpjsArtifact;
    if (built.fingerprint === fingerprint) {
      log(`${path} is up to date`);
      return;
    }
  }
  const started = Date.now();
  // The skill's own app and NLU plugin: the model is trained with the settings it will be read with.
  const app = createApp({ backend: new BackendClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 100 }), logger: createLogger('silent') });
  await app.initialize();
  await prepareNlu(app);
  const artifact: NlpjsArtifact = { fingerprint, model: exportTrainedNlpjs(MODELS_DIR) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(artifact));
  log(`wrote ${path} (${(artifact.model.length / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
