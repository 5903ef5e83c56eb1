/**
 * The languages CareVoice speaks. Each has models/<language>.json and locales/<language>.json;
 * a request's locale (en-GB, es-MX...) picks its language, with English as the fallback.
 * The table is JSON so that jovo.project.js (plain JS, read by the Jovo CLI) shares it.
 */
import * as table from './language-table.json';

export type Language = 'en' | 'de' | 'es' | 'fr' | 'ja' | 'zh';
export const LANGUAGES = table.languages as Language[];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Alexa locales per language; Alexa has no Chinese, so zh is served on the web only. */
export const ALEXA_LOCALES: Readonly<Partial<Record<Language, string[]>>> = table.alexaLocales;
export const ALL_LOCALES: readonly string[] = [...Object.values(table.alexaLocales).flat(), ...table.webOnlyLocales];

/** The language of a locale or language tag (es-MX -> es), English when CareVoice does not speak it. */
export function languageOf(tag: string | undefined): Language {
  const base = tag?.slice(0, 2).toLowerCase() ?? '';
  return (LANGUAGES as string[]).includes(base) ? (base as Language) : DEFAULT_LANGUAGE;
}
