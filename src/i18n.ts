import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LANGUAGE, LANGUAGES } from './languages';
import { LOCALES_DIR } from './project-paths';
import { escapeForSpeech } from './speech/ssml';

export type LocaleResources = Record<string, { translation: Record<string, unknown> }>;

export function localeResources(): LocaleResources {
  return Object.fromEntries(
    LANGUAGES.map((language) => [language, { translation: JSON.parse(readFileSync(join(LOCALES_DIR, `${language}.json`), 'utf8')) }]),
  );
}

/**
 * i18next settings for every spoken string: each interpolated value is XML-escaped, so
 * merchant names and memos can never inject SSML; `{{- value}}` is reserved for fragments
 * built by src/speech/ssml.ts.
 */
export function i18nConfig() {
  return {
    resources: localeResources(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGES,
    nonExplicitSupportedLngs: true,
    compatibilityJSON: 'v4' as const,
    interpolation: { escapeValue: true, escape: escapeForSpeech },
  };
}
