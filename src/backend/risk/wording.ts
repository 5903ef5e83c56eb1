/**
 * Finds scam wording in free text in any of the six languages. Latin-script phrases match at a
 * word start, with up to two more letters for inflections ("tasks", "Provisionen"), ignoring
 * case and accents; phrases in Chinese or Japanese script match anywhere, as those languages do
 * not put spaces between words.
 */
import type { RiskRules, WordedScamType } from './risk-rules';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Lower case, no Latin accents, full-width folded, and any run of punctuation or space as one space. */
export function normalizeWording(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Phrase {
  text: string;
  pattern: RegExp;
}

function compilePhrase(phrase: string): Phrase {
  const text = normalizeWording(phrase);
  const pattern = CJK.test(text) ? new RegExp(escapeRegExp(text), 'u') : new RegExp(`(?:^| )${escapeRegExp(text)}\\p{L}{0,2}(?= |$)`, 'u');
  return { text, pattern };
}

export interface WordingMatch {
  scamType: WordedScamType;
  /** The normalized phrases found, each once. */
  phrases: string[];
}

export class ScamWording {
  private readonly phrasesByType: Array<[WordedScamType, Phrase[]]>;

  constructor(wording: RiskRules['scamWording']) {
    this.phrasesByType = Object.entries(wording).map(([scamType, byLanguage]) => [
      scamType as WordedScamType,
      Object.values(byLanguage).flat().map(compilePhrase),
    ]);
  }

  /** Every scam type with wording in `texts`, the most phrases first (ties in the rules' order). */
  find(texts: ReadonlyArray<string | undefined>): WordingMatch[] {
    const text = normalizeWording(texts.filter((part) => part !== undefined).join(' \n '));
    const matches: WordingMatch[] = [];
    for (const [scamType, phrases] of this.phrasesByType) {
      const found = new Set(phrases.filter((phrase) => phrase.pattern.test(text)).map((phrase) => phrase.text));
      if (found.size > 0) {
        matches.push({ scamType, phrases: [...found] });
      }
    }
    // Array.prototype.sort is stable: equal counts keep the rules' order.
    return matches.sort((a, b) => b.phrases.length - a.phrases.length);
  }
}
