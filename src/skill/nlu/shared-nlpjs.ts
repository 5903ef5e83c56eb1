import { Extensible } from '@jovotech/framework';
import type { App, Jovo, NluData, Platform, Plugin } from '@jovotech/framework';
import { NlpjsNlu, NlpjsNluConfig, NlpjsNluInitConfig } from '@jovotech/nlu-nlpjs';
import { JovoModelNlpjs } from '@jovotech/model-nlpjs';
import type { JovoModelData } from '@jovotech/model';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { readdir, readFile } from 'fs/promises';
import { basename, extname, join } from 'path';
import { textHead } from '../../classifiers';
import { PROJECT_ROOT } from '../../shared/project-paths';

type TrainedNlp = NlpjsNlu['nlpjs'];
type LanguagePacks = NlpjsNluConfig['languageMap'];

export type SharedNlpjsNluConfig = Omit<NlpjsNluInitConfig, 'languageMap' | 'useModel' | 'setupModelCallback'> & {
  modelsPath: string;
  /**
   * The nlp.js language packs by language, loaded when training starts: requiring them builds
   * the Japanese (kuromoji) and Chinese dictionaries, most of a second of a cold start.
   */
  loadLanguagePacks: () => Promise<LanguagePacks>;
};

/**
 * nlp.js's fuzzy entity matching costs about a millisecond per word, so a pasted essay would hold
 * the event loop for seconds: the NLU reads only the start of a text. A spoken or typed request
 * is far shorter (Banking77's longest question has 433 characters, most under 100).
 */
export const MAX_NLU_TEXT_CHARS = 250;

/** The first `MAX_NLU_TEXT_CHARS` characters, never ending in half a surrogate pair. */
export function nluText(text: string): string {
  return textHead(text, MAX_NLU_TEXT_CHARS);
}

/**
 * Phrases per intent nlp.js learns from. It no longer decides what a request means (the
 * understanding model does, from every phrase); it reads the entities and the answers inside a
 * dialogue (a yes, a code, "the second one"), for which the first phrases of each intent are
 * plenty, and trains in a third of the time it takes on all of them (about 14 s).
 */
export const NLPJS_PHRASES_PER_INTENT = 30;

/** Models by models folder: one per process, shared by every app instance. */
const sharedModels = new Map<string, TrainedNlp>();
const trainings = new Map<string, Promise<void>>();

/**
 * nlp.js as Jovo's web NLU, loaded once per process on first use (the model `npm run build`
 * trained, in about 0.3 s; trained here, in about 5 s, when the build is missing or stale), and
 * kept out of the deep copy Jovo makes of the app on every request.
 *
 * - Shared: the trained model lives in a module-level map, reached through a prototype
 *   accessor that every copy also has; nlp.js only reads it once trained.
 * - Lazy: `app.initialize()` trains nothing. Only web-platform text needs the model (Alexa does
 *   its own NLU), so an Alexa-only process (the Lambda) never loads nlp.js's language packs;
 *   the express server calls `prepare()` once it has answered its first request (src/main.ts).
 */
export class SharedNlpjsNlu extends NlpjsNlu {
  declare config: NlpjsNluConfig & SharedNlpjsNluConfig;

  constructor(config: SharedNlpjsNluConfig) {
    super({ ...config, languageMap: {} });
  }

  /** The platform this NLU serves, for nlp.js's training (a function: copies share it). */
  declare private platform?: () => Platform;

  /** Called by app.initialize(): nothing to train until the model is needed. */
  async initialize(parent: Platform): Promise<void> {
    this.platform = () => parent;
  }

  /** Trains the model now, unless it is trained or training already; resolves when it is ready. */
  prepare(): Promise<void> {
    const key = this.config.modelsPath;
    let training = trainings.get(key);
    if (!training) {
      training = this.train();
      trainings.set(key, training);
      // A failed training (a broken models folder) is retried by the next request, not cached.
      training.catch(() => trainings.delete(key));
    }
    return training;
  }

  async processText(jovo: Jovo, text: string): Promise<NluData | undefined> {
    await this.prepare();
    return super.processText(jovo, nluText(text));
  }

  private async train(): Promise<void> {
    const platform = this.platform?.();
    if (!platform) throw new Error('SharedNlpjsNlu used before app.initialize()');
    this.config.languageMap = await this.config.loadLanguagePacks();
    this.config.setupModelCallback = async (_platform, nlp) => {
      if (!nlp) return;
      const corpus = await shortenedCorpus(this.config.modelsPath);
      // Built by `npm run build` from the same corpus: loading it takes a fraction of training.
      const prebuilt = prebuiltNlpjsModel(corpus);
      if (prebuilt) {
        nlp.import(prebuilt);
        return;
      }
      for (const content of corpus) nlp.addCorpus(content);
      await nlp.train();
    };
    await super.initialize(platform);
  }
}

/** The models of the folder as nlp.js corpora, each intent cut to its first NLPJS_PHRASES_PER_INTENT phrases. */
export async function shortenedCorpus(dir: string): Promise<unknown[]> {
  const converter = new JovoModelNlpjs();
  const corpus: unknown[] = [];
  for (const file of (await readdir(dir)).filter((name) => extname(name) === '.json').sort()) {
    const model = JSON.parse(await readFile(join(dir, file), 'utf8')) as JovoModelData;
    for (const intent of Object.values(model.intents ?? {})) intent.phrases = intent.phrases?.slice(0, NLPJS_PHRASES_PER_INTENT);
    converter.importJovoModel(model, basename(file, '.json'));
    for (const native of converter.exportNative() ?? []) corpus.push(native.content);
  }
  return corpus;
}

/** Where `npm run build` writes the trained nlp.js model (scripts/train-nlpjs.ts). */
export function nlpjsModelPath(): string {
  return process.env.CAREVOICE_NLPJS_MODEL ?? join(PROJECT_ROOT, 'build', 'nlpjs-model.json');
}

/** What a built model was trained from: the corpus and the nlp.js version. */
export function corpusFingerprint(corpus: unknown[]): string {
  const { version } = JSON.parse(readFileSync(require.resolve('@nlpjs/nlp/package.json'), 'utf8')) as { version: string };
  return createHash('sha256').update(version).update(JSON.stringify(corpus)).digest('hex');
}

export interface NlpjsArtifact {
  fingerprint: string;
  /** nlp.js's own export of the trained model. */
  model: string;
}

/** The built model when it was trained from this corpus; otherwise undefined (and nlp.js trains in-process). */
export function prebuiltNlpjsModel(corpus: unknown[], path: string = nlpjsModelPath()): string | undefined {
  if (!existsSync(path)) return undefined;
  const artifact = JSON.parse(readFileSync(path, 'utf8')) as NlpjsArtifact;
  return artifact.fingerprint === corpusFingerprint(corpus) ? artifact.model : undefined;
}

// An accessor, not a field: NlpjsNlu assigns `this.nlpjs` while training and reads it per request.
Object.defineProperty(SharedNlpjsNlu.prototype, 'nlpjs', {
  get(this: SharedNlpjsNlu): TrainedNlp {
    return sharedModels.get(this.config.modelsPath);
  },
  set(this: SharedNlpjsNlu, nlp: TrainedNlp) {
    sharedModels.set(this.config.modelsPath, nlp);
  },
});

/** The trained model of a models folder as nlp.js exports it, for the build to save (after prepareNlu). */
export function exportTrainedNlpjs(modelsPath: string): string {
  const nlp = sharedModels.get(modelsPath);
  if (!nlp) throw new Error(`no trained nlp.js model for ${modelsPath}: call prepareNlu first`);
  return nlp.export(true) as string;
}

/** Every language the skill speaks, for nlp.js (each pack is required only when this runs). */
export async function loadLanguagePacks(): Promise<LanguagePacks> {
  const [{ LangEn }, { LangDe }, { LangEs }, { LangFr }, { LangJa }, { LangZh }] = await Promise.all([
    import('@nlpjs/lang-en'),
    import('@nlpjs/lang-de'),
    import('@nlpjs/lang-es'),
    import('@nlpjs/lang-fr'),
    import('@nlpjs/lang-ja'),
    import('@nlpjs/lang-zh'),
  ]);
  return { en: LangEn, de: LangDe, es: LangEs, fr: LangFr, ja: LangJa, zh: LangZh };
}

/** Trains every SharedNlpjsNlu of the app's platforms now (e.g. once a server is up). */
export async function prepareNlu(app: App): Promise<void> {
  const pending: Array<Promise<void>> = [];
  const visit = (plugins: Record<string, Plugin | undefined>) => {
    for (const plugin of Object.values(plugins)) {
      if (plugin instanceof SharedNlpjsNlu) pending.push(plugin.prepare());
      if (plugin instanceof Extensible) visit(plugin.plugins);
    }
  };
  visit(app.plugins);
  await Promise.all(pending);
}
