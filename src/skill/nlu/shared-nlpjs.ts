import { Extensible } from '@jovotech/framework';
import type { App, Jovo, NluData, Platform, Plugin } from '@jovotech/framework';
import { NlpjsNlu, NlpjsNluConfig, NlpjsNluInitConfig } from '@jovotech/nlu-nlpjs';
import { JovoModelNlpjs } from '@jovotech/model-nlpjs';
import type { JovoModelData } from '@jovotech/model';
import { readdir, readFile } from 'fs/promises';
import { basename, extname, join } from 'path';

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
  if (text.length <= MAX_NLU_TEXT_CHARS) return text;
  const head = text.slice(0, MAX_NLU_TEXT_CHARS);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
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
 * nlp.js as Jovo's web NLU, trained once per process on first use, and kept out of the deep
 * copy Jovo makes of the app on every request.
 *
 * - Shared: the trained model lives in a module-level map, reached through a prototype
 *   accessor that every copy also has; nlp.js only reads it once trained.
 * - Lazy: `app.initialize()` trains nothing. Only web-platform text needs the model (Alexa does
 *   its own NLU), so an Alexa-only process (the Lambda) never loads nlp.js's language packs;
 *   the first text waits for the training (~1 s), unless `prepare()` ran before, as the
 *   express server does once it has answered its first request.
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
      await addShortenedCorpus(nlp, this.config.modelsPath);
      await nlp.train();
    };
    await super.initialize(platform);
  }
}

/** The models of the folder, each intent cut to its first NLPJS_PHRASES_PER_INTENT phrases. */
async function addShortenedCorpus(nlp: NonNullable<TrainedNlp>, dir: string): Promise<void> {
  const converter = new JovoModelNlpjs();
  for (const file of (await readdir(dir)).filter((name) => extname(name) === '.json')) {
    const model = JSON.parse(await readFile(join(dir, file), 'utf8')) as JovoModelData;
    for (const intent of Object.values(model.intents ?? {})) intent.phrases = intent.phrases?.slice(0, NLPJS_PHRASES_PER_INTENT);
    converter.importJovoModel(model, basename(file, '.json'));
    for (const native of converter.exportNative() ?? []) nlp.addCorpus(native.content);
  }
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
