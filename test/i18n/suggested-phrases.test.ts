/**
 * Every phrase the skill tells people to say ("say: report fraud", 「残高を教えて」と言って, 说“转人工”)
 * must be something its model understands: a sample of an intent, or a sample with its slots
 * filled (a custom slot by one of its values or synonyms). Otherwise the skill's own advice leads
 * to "Sorry, I didn't get that".
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../../src/shared/languages';
import { LOCALES_DIR, MODELS_DIR } from '../../src/shared/project-paths';

interface Model {
  intents: Record<string, { phrases?: string[]; entities?: Record<string, { type: string | Record<string, string> }> }>;
  entityTypes?: Record<string, { values: Array<string | { value: string; synonyms?: string[] }> }>;
}

/** Where a suggestion starts, per language: "say:", "sagen Sie:", "di:", "dites :". */
const SUGGESTION_MARK: Partial<Record<Language, RegExp>> = {
  en: /\b(?:say(?:,? for example)?[:,]|Try:|ask:)\s*/g,
  de: /\b(?:[Ss]agen Sie|[Ff]ragen Sie|sagen)(?:,? zum Beispiel)?[:,]\s*/g,
  es: /(?:\b[Dd]i|Prueba con|decir)(?:,? por ejemplo)?[:,]\s*/g,
  fr: /(?:\b[Dd]ites|Essayez|dire)(?:,? par exemple)? ?[:,]\s*/g,
};
/** Alternatives in one suggestion: "X; Y, or: Z". */
const ALTERNATIVES: Partial<Record<Language, RegExp>> = { en: /[;,]|\bor:? /, de: /[;,]|\boder:? /, es: /[;,]|\bo:? /, fr: /[;,]|\bou:? / };
/** The sentence goes on after the suggestion ("talk to a person, and we'll check it"). */
const SENTENCE_GOES_ON: Partial<Record<Language, RegExp>> = {
  en: /^(?:and|so|then|if|to|because|which)(?=\s|$)/,
  de: /^(?:und|dann|damit|wenn|so)(?=\s|$)/,
  es: /^(?:y|así|para|si|entonces)(?=\s|$)/,
  fr: /^(?:et|pour|si|puis|alors|nous|avec)(?=\s|$)/,
};

export function suggestedPhrases(language: Language, text: string): string[] {
  if (language === 'ja') {
    // 「残高を教えて」や「最近の支払い」とおっしゃって: quoted phrases before と言う / と聞く / とおっしゃる.
    return [...text.matchAll(/((?:「[^」]+」(?:、|や|か|または)?)+)と(?:言|おっしゃ|聞|お尋ね)/g)].flatMap((match) =>
      [...match[1].matchAll(/「([^」]+)」/g)].map((quoted) => quoted[1]),
    );
  }
  if (language === 'zh') {
    // 您可以说“我的余额是多少”或“转人工” / 请说：转人工，我们会…  (not 简单来说：, which is "in short").
    const quoted = [...text.matchAll(/(?<!来)[说问][：:，,]?\s*((?:“[^”]+”(?:、|，|或者|或|和)?)+)/g)].flatMap((match) =>
      [...match[1].matchAll(/“([^”]+)”/g)].map((q) => q[1]),
    );
    const plain = [...text.matchAll(/(?<!来)说[：:]\s*([^。？！“”：]+)/g)].flatMap((match) =>
      match[1].split(/、|或者|或/).map((phrase) => phrase.split('，')[0]),
    );
    return [...quoted, ...plain].map((phrase) => phrase.trim()).filter(Boolean);
  }
  const phrases: string[] = [];
  for (const mark of text.matchAll(SUGGESTION_MARK[language] as RegExp)) {
    const rest = text.slice((mark.index ?? 0) + mark[0].length);
    const suggestion = rest.split(/(?<=[.?!])\s|[.?!]$/)[0];
    for (const part of suggestion.split(ALTERNATIVES[language] as RegExp)) {
      const phrase = part
        .trim()
        .replace(/^[¿¡"]+|[.?!"]+$/g, '')
        .trim();
      if ((SENTENCE_GOES_ON[language] as RegExp).test(phrase)) break;
      if (phrase) phrases.push(phrase);
    }
  }
  return phrases;
}

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[¿?¡!.,:;“”「」"]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** The intents whose samples match the phrase, slots filled by what the slot can hold. */
function intentsUnderstanding(model: Model, phrase: string): string[] {
  const said = normalise(phrase);
  const slotPattern = (intent: string, slot: string): string => {
    const type = model.intents[intent].entities?.[slot]?.type;
    const typeName = typeof type === 'string' ? type : undefined;
    const values = typeName ? model.entityTypes?.[typeName]?.values : undefined;
    // A built-in type (a number, a date, a name) can be anything; a custom one only its values.
    if (!values) return '.+';
    const words = values.flatMap((value) => (typeof value === 'string' ? [value] : [value.value, ...(value.synonyms ?? [])]));
    return `(?:${words.map((word) => escape(normalise(word))).join('|')})`;
  };
  const isBuiltIn = (intent: string, slot: string) => slotPattern(intent, slot) === '.+';
  return Object.entries(model.intents)
    .filter(([intent, { phrases = [] }]) =>
      phrases.some((sample) => {
        // A sample that is only a built-in slot ("{code}") would take any words: it proves nothing.
        if (
          normalise(sample)
            .replace(/\{(\w+)\}/g, (slot, name: string) => (isBuiltIn(intent, name) ? '' : slot))
            .trim() === ''
        )
          return false;
        const pattern = normalise(sample)
          .split(/(\{\w+\})/)
          .map((part) => (/^\{\w+\}$/.test(part) ? slotPattern(intent, part.slice(1, -1)) : escape(part)))
          .join('');
        return new RegExp(`^${pattern}$`).test(said);
      }),
    )
    .map(([intent]) => intent);
}

type Tree = { [key: string]: unknown };
function texts(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]): Array<[string, string]> => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) return value.map((variant) => [path, String(variant)]);
    if (value && typeof value === 'object') return texts(value as Tree, path);
    return [[path, String(value)]];
  });
}

/** Typed answers to "Do you mean A or B?" ("the first") are read by the choice reader, not the model (confirmation.test.ts). */
const READ_ELSEWHERE = /^understanding\.choose/;

describe('every phrase the skill suggests is one its model understands', () => {
  it('finds the suggestions in a sentence, in every language', () => {
    assert.deepEqual(suggestedPhrases('en', 'You can say: cancel it, keep holding it, or talk to a specialist.'), [
      'cancel it',
      'keep holding it',
      'talk to a specialist',
    ]);
    assert.deepEqual(suggestedPhrases('en', "If it keeps failing, say: talk to a person, and we'll check it."), ['talk to a person']);
    assert.deepEqual(suggestedPhrases('fr', 'Dites par exemple : quel est mon solde. Que souhaitez-vous faire ?'), ['quel est mon solde']);
    assert.deepEqual(suggestedPhrases('ja', 'たとえば「残高を教えて」や「詐欺を報告」と言ってください。アプリの「設定」を開きます。'), [
      '残高を教えて',
      '詐欺を報告',
    ]);
    assert.deepEqual(suggestedPhrases('zh', '您可以说“我的余额是多少”或“转人工”。您可以说：第一笔。'), ['我的余额是多少', '转人工', '第一笔']);
  });

  for (const language of LANGUAGES) {
    it(`${language}: each suggestion in locales/${language}.json matches a sample of models/${language}.json`, () => {
      const locale = JSON.parse(readFileSync(join(LOCALES_DIR, `${language}.json`), 'utf8')) as Tree;
      const model = JSON.parse(readFileSync(join(MODELS_DIR, `${language}.json`), 'utf8')) as Model;
      const suggestions = texts(locale)
        .filter(([key]) => !READ_ELSEWHERE.test(key))
        .flatMap(([key, text]) => suggestedPhrases(language, text).map((phrase) => ({ key, phrase })));
      assert.ok(suggestions.length >= 20, `only ${suggestions.length} suggestions found: is the extraction broken?`);
      const unknown = suggestions.filter(({ phrase }) => intentsUnderstanding(model, phrase).length === 0).map(({ key, phrase }) => `${key}: "${phrase}"`);
      assert.deepEqual(unknown, []);
    });
  }
});
