import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '../../src/shared/languages';
import { OFFERABLE_INTENTS } from '../../src/skill/nlu/understanding-hook';
import { LOCALES_DIR, MODELS_DIR } from '../../src/shared/project-paths';

type Tree = { [key: string]: unknown };

function readJson(directory: string, language: string): Tree {
  return JSON.parse(readFileSync(join(directory, `${language}.json`), 'utf8')) as Tree;
}

/** key path → the {{parameters}} its text uses (arrays: the union over the variants). */
function flatten(tree: Tree, prefix = ''): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [childPath, params] of flatten(value as Tree, path)) keys.set(childPath, params);
    } else {
      const text = Array.isArray(value) ? value.join(' ') : String(value);
      keys.set(path, [...new Set(text.match(/\{\{-?\s*\w+\s*\}\}/g) ?? [])].map((param) => param.replace(/[{}\s-]/g, '')).sort());
    }
  }
  return keys;
}

const english = flatten(readJson(LOCALES_DIR, 'en'));
const englishModel = readJson(MODELS_DIR, 'en') as { intents: Record<string, { entities?: Record<string, unknown> }> };

describe('every language is complete', () => {
  for (const language of LANGUAGES.filter((candidate) => candidate !== 'en')) {
    it(`locales/${language}.json has exactly the keys of English, each with the same parameters`, () => {
      const translated = flatten(readJson(LOCALES_DIR, language));
      assert.deepEqual([...translated.keys()].sort(), [...english.keys()].sort());
      for (const [key, params] of english) assert.deepEqual(translated.get(key), params, `${language}: ${key}`);
    });

    it(`locales/${language}.json is written in its own language, not copied from English`, () => {
      const translated = flatten(readJson(LOCALES_DIR, language));
      const raw = readJson(LOCALES_DIR, language);
      const englishRaw = readJson(LOCALES_DIR, 'en');
      const same = [...english.keys()].filter((key) => JSON.stringify(pick(raw, key)) === JSON.stringify(pick(englishRaw, key)));
      // Brand names and pure placeholders may stay; sentences may not.
      const sentences = same.filter((key) => /[a-z]{3,} [a-z]{3,}/i.test(String(pick(englishRaw, key))));
      assert.deepEqual(sentences, [], `${language}: untranslated keys`);
      assert.ok(translated.size > 0);
    });

    it(`models/${language}.json has the intents of English, each with the same slots`, () => {
      const model = readJson(MODELS_DIR, language) as typeof englishModel & { intents: Record<string, { phrases?: string[] }> };
      assert.deepEqual(Object.keys(model.intents).sort(), Object.keys(englishModel.intents).sort());
      for (const [intent, definition] of Object.entries(englishModel.intents)) {
        assert.deepEqual(Object.keys(model.intents[intent].entities ?? {}).sort(), Object.keys(definition.entities ?? {}).sort(), intent);
        assert.ok((model.intents[intent].phrases ?? []).length > 0, `${language}: ${intent} has no phrases`);
      }
    });
  }
});

function pick(tree: Tree, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
}

describe('what the skill can name when it asks which of two readings was meant', () => {
  it('has words for every reading it may offer', () => {
    for (const intent of OFFERABLE_INTENTS) {
      const key = `understanding.readings.${intent.replace(/^AMAZON\./, '')}`;
      assert.ok(english.has(key), `no ${key} in locales/en.json (the other locales are held to English above)`);
    }
  });
});
