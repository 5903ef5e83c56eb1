import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I18Next, I18NextConfig } from '@jovotech/framework';
import i18next from 'i18next';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../shared/languages';
import { LOCALES_DIR } from '../shared/project-paths';
import { escapeForSpeech } from './speech/ssml';

export type LocaleResources = Record<string, { translation: Record<string, unknown> }>;

export function localeResources(): LocaleResources {
  return Object.fromEntries(LANGUAGES.map((language) => [language, { translation: JSON.parse(readFileSync(join(LOCALES_DIR, `${language}.json`), 'utf8')) }]));
}

/**
 * A sentence that ends on an abbreviation must not end twice: "a las 6:40 p.m." + "." is read
 * (and shown on the web) as "p.m..". Applied to every translated string.
 */
export const tidyPunctuation = {
  type: 'postProcessor' as const,
  name: 'tidyPunctuation',
  process: (value: string): string => value.replace(/(?<!\.)\.\.(?!\.)/g, '.'),
};

/** An i18next instance of its own with the processors every spoken string goes through (tests, scripts). */
export function speechI18n() {
  return i18next.createInstance().use(tidyPunctuation);
}

/**
 * i18next settings for every spoken string: each interpolated value is XML-escaped, so
 * merchant names and memos can never inject SSML; `{{- value}}` is reserved for fragments
 * built by src/skill/speech/ssml.ts.
 */
export function i18nSettings() {
  return {
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGES,
    nonExplicitSupportedLngs: true,
    compatibilityJSON: 'v4' as const,
    interpolation: { escapeValue: true, escape: escapeForSpeech },
    postProcess: [tidyPunctuation.name],
  };
}

/** The settings with every locale's strings: what an i18next instance of its own is initialized with. */
export function i18nConfig() {
  return { resources: localeResources(), ...i18nSettings() };
}

/**
 * Jovo's i18next plugin, kept out of the copy Jovo makes of the whole app for every request.
 * That copy took the i18next instance (store, services, every locale's
 * strings) and the strings again from each configuration object that held them: half a
 * turn's CPU. Here the instance is reached through a prototype accessor over a function (the
 * copy keeps functions by reference, so every copy reads the one instance), and the strings
 * are loaded into i18next when it initializes, not kept in any configuration. Translations
 * always name their language, so one instance serves concurrent requests.
 */
export class SharedI18Next extends I18Next {
  declare private sharedInstance: () => I18Next['i18n'];
  declare private readonly loadResources: () => LocaleResources;

  /** `settings` without `resources`: those come from `loadResources` at initialization. */
  constructor(settings: I18NextConfig, loadResources: () => LocaleResources = localeResources) {
    super(settings);
    this.loadResources = loadResources;
  }

  async initialize(): Promise<void> {
    this.i18n.use(tidyPunctuation);
    await this.i18n.init({ ...this.config, resources: this.loadResources() });
  }
}

// An accessor, not a field: I18Next assigns `this.i18n` (the i18next instance) in its constructor.
Object.defineProperty(SharedI18Next.prototype, 'i18n', {
  get(this: { sharedInstance: () => I18Next['i18n'] }): I18Next['i18n'] {
    return this.sharedInstance();
  },
  set(this: { sharedInstance: () => I18Next['i18n'] }, instance: I18Next['i18n']) {
    this.sharedInstance = () => instance;
  },
});
