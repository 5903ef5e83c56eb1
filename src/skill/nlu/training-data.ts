/**
 * What the understanding model learns from, per language: every sample of the Jovo model
 * (models/<lang>.json, the same phrases Alexa's NLU learns from) labelled with its intent, and
 * every FAQ question labelled `faq:<topic>`. One source for both platforms: a phrase added to a
 * model teaches Alexa and the web alike. Beside them, resources/understanding/typed.<lang>.csv
 * holds what only typed text looks like (typos, punctuation, digits, English mixed in), which an
 * Alexa model may not contain; its labels are the same intents and `faq:<topic>`s.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Example } from '../../classifiers';
import { readLabelledCsv } from '../../classifiers/csv';
import { loadFaqTrainingData } from '../faq/classifier';
import { MODELS_DIR, RESOURCES_DIR } from '../../shared/project-paths';
import type { Language } from '../../shared/languages';

/** Prefix of the labels that are FAQ topics rather than intents. */
export const FAQ_LABEL_PREFIX = 'faq:';

/**
 * Intents the model does not learn: FaqIntent's samples are carriers of a free-text slot ("what
 * is {query}"), and the FAQ topics stand for it.
 */
const NOT_LEARNED = new Set(['FaqIntent']);

interface EntityTypeValue {
  value: string;
  synonyms?: string[];
}
interface JovoModel {
  intents: Record<string, { phrases?: string[]; entities?: Record<string, { type: string | Record<string, string> }> }>;
  entityTypes?: Record<string, { values: Array<string | EntityTypeValue> }>;
}

/**
 * Stand-ins for slots whose type has no listed values (numbers, dates, names): digits are all
 * one feature once normalised, and a missing date reads like the phrase without it.
 */
const NUMERIC_SLOT = '1234';

function slotValues(model: JovoModel, type: string | Record<string, string> | undefined): string[] {
  const name = typeof type === 'string' ? type : type?.nlpjs;
  const listed = name ? model.entityTypes?.[name]?.values : undefined;
  if (listed) return listed.flatMap((v) => (typeof v === 'string' ? [v] : [v.value, ...(v.synonyms ?? [])]));
  const alexa = typeof type === 'string' ? type : type?.alexa;
  if (name?.startsWith('regex:') || alexa?.includes('NUMBER') || alexa?.includes('Phone')) return [NUMERIC_SLOT];
  return [''];
}

/** The phrases of one model as labelled examples, each `{slot}` filled with one of its values in turn. */
export function modelExamples(model: JovoModel, lang: string): Example[] {
  const examples: Example[] = [];
  for (const [intent, definition] of Object.entries(model.intents)) {
    if (NOT_LEARNED.has(intent)) continue;
    (definition.phrases ?? []).forEach((phrase, index) => {
      const text = phrase
        .replace(/\{(\w+)\}/g, (_match, slot: string) => {
          const values = slotValues(model, definition.entities?.[slot]?.type);
          return values[index % values.length];
        })
        .replace(/\s+/g, ' ')
        .trim();
      if (text) examples.push({ text, label: intent, lang });
    });
  }
  return examples;
}

export function readModel(lang: Language, modelsDir: string = MODELS_DIR): JovoModel {
  return JSON.parse(readFileSync(join(modelsDir, `${lang}.json`), 'utf8')) as JovoModel;
}

/** Typed phrasings of one language, each label checked against the model's intents and the FAQ's topics. */
export function typedExamples(lang: Language, labels: ReadonlySet<string>, resourcesDir: string = RESOURCES_DIR): Example[] {
  const file = join(resourcesDir, 'understanding', `typed.${lang}.csv`);
  const examples = readLabelledCsv(file, 'label', lang) as Example[];
  const unknown = examples.filter((e) => !labels.has(e.label));
  if (unknown.length > 0) throw new Error(`${file}: unknown labels ${[...new Set(unknown.map((e) => e.label))].join(', ')}`);
  return examples;
}

/** Every example of one language: the model's intents, the FAQ's topics and the typed phrasings of both. */
export function understandingExamples(lang: Language, faqExamples: Example[] = loadFaqTrainingData(), modelsDir: string = MODELS_DIR): Example[] {
  const faq = faqExamples.filter((e) => e.lang === lang).map((e) => ({ ...e, label: FAQ_LABEL_PREFIX + e.label }));
  const model = modelExamples(readModel(lang, modelsDir), lang);
  const labels = new Set([...model, ...faq].map((e) => e.label));
  return [...model, ...faq, ...typedExamples(lang, labels)];
}

const slotsByLanguage = new Map<Language, Map<string, Set<string>>>();

/** The slots each intent declares in a language's model (cached): which entities belong to it. */
export function intentSlots(lang: Language, intent: string): ReadonlySet<string> {
  let slots = slotsByLanguage.get(lang);
  if (!slots) {
    const model = readModel(lang);
    slots = new Map(Object.entries(model.intents).map(([name, definition]) => [name, new Set(Object.keys(definition.entities ?? {}))]));
    slotsByLanguage.set(lang, slots);
  }
  return slots.get(intent) ?? new Set();
}
