/**
 * Text normalisation and tokenisation for the classifiers: language-agnostic, with
 * Intl.Segmenter for word boundaries (dictionary-based for Japanese and Chinese).
 */

export interface NormalizeOptions {
  /** Replace every digit by `0` so "2 weeks" and "3 weeks" share features. */
  digits?: boolean;
  /** Expand English contractions ("hasn't" -> "has not") and common apostrophe-less forms. */
  contractions?: boolean;
  /** Map British spellings to US ones (cancelled -> canceled). */
  spelling?: boolean;
}

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bshan't\b/g, 'shall not'],
  [/\bain't\b/g, 'is not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|might)n'?t\b/g, '$1 not'],
  [/\bi'?m\b/g, 'i am'],
  [/\b(you|we|they|who|what)'re\b/g, '$1 are'],
  [/\b(i|you|we|they|who|what|could|would|should|might|must)'ve\b/g, '$1 have'],
  [/\b(i|you|he|she|it|we|they|that|there|who|what)'ll\b/g, '$1 will'],
  [/\b(i|you|he|she|we|they|who)'d\b/g, '$1 would'],
  [/\b(it|that|there|what|where|how|who|here|he|she)'s\b/g, '$1 is'],
  [/\blet's\b/g, 'let us'],
  [/'s\b/g, ''],
];

const SPELLING: Array<[RegExp, string]> = [
  [/\bcancell(ed|ing|er)\b/g, 'cancel$1'],
  [/\bcheque(s?)\b/g, 'check$1'],
  [/\btravell(ed|ing|er|ers)\b/g, 'travel$1'],
  [/\bcolour/g, 'color'],
  [/\bfavourite/g, 'favorite'],
  [/\bcentre(s?)\b/g, 'center$1'],
  [/\blicence\b/g, 'license'],
  [/\bprogramme/g, 'program'],
  [/\b(recogni|authori|reali|organi|utili|apologi|minimi|maximi|finali|priori)s(e|ed|es|ing|ation)\b/g, '$1z$2'],
  [/\banalys(e|ed|es|ing)\b/g, 'analyz$1'],
  [/\bbehaviour/g, 'behavior'],
  [/\bdefence\b/g, 'defense'],
];

/** The first `maxChars` characters of a text, never ending in half a surrogate pair. */
export function textHead(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = text.slice(0, maxChars);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/** Lowercases and normalises a question: Unicode NFKC, quotes, digits, contractions, spellings. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  let out = text.normalize('NFKC').toLowerCase();
  out = out.replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'").replace(/[\u201c\u201d\u00ab\u00bb]/g, '"');
  if (options.contractions ?? true) for (const [re, to] of CONTRACTIONS) out = out.replace(re, to);
  if (options.spelling ?? true) for (const [re, to] of SPELLING) out = out.replace(re, to);
  if (options.digits ?? true) out = out.replace(/[0-9]/g, '0');
  return out;
}

/** Han, kana and Hangul: scripts written without spaces between words. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u31f0-\u31ff\uff66-\uff9f]/;
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u31f0-\u31ff\uff66-\uff9f\u30fc]+/g;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(lang: string): Intl.Segmenter {
  let seg = segmenters.get(lang);
  if (!seg) {
    seg = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, seg);
  }
  return seg;
}

/** Base language of a tag: 'de-DE' -> 'de'. */
export function baseLanguage(lang?: string): string | undefined {
  return lang ? lang.toLowerCase().split(/[-_]/)[0] : undefined;
}

/**
 * Word tokens of an already normalised text (punctuation dropped). Words are found by
 * Intl.Segmenter, which segments Japanese and Chinese with ICU's dictionaries.
 */
export function wordTokens(normalized: string, lang?: string): string[] {
  const base = baseLanguage(lang) ?? (hasCjk(normalized) ? (/[\u3040-\u30ff]/.test(normalized) ? 'ja' : 'zh') : 'en');
  const out: string[] = [];
  for (const part of segmenterFor(base).segment(normalized)) {
    if (part.isWordLike) out.push(part.segment);
  }
  return out;
}

/** Word n-grams (joined by a space) for n in [minN, maxN]. */
export function wordNgrams(words: string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(n === 1 ? words[i] : words.slice(i, i + n).join(' '));
  }
  return out;
}

/**
 * Character n-grams inside word boundaries (scikit-learn's `char_wb`): each word is padded with
 * a space on both sides. Runs of CJK characters are treated as one "word", so their n-grams
 * do not depend on the segmenter's choices.
 */
export function charNgrams(normalized: string, words: string[], minN: number, maxN: number): string[] {
  const chunks: string[] = [];
  for (const w of words) if (!CJK.test(w)) chunks.push(w);
  const runs = normalized.match(CJK_RUN);
  if (runs) chunks.push(...runs);
  const out: string[] = [];
  for (const chunk of chunks) {
    const padded = ` ${chunk} `;
    if (!/[\ud800-\udfff]/.test(padded)) {
      for (let n = minN; n <= maxN && n <= padded.length; n++) {
        for (let i = 0; i + n <= padded.length; i++) out.push(padded.substring(i, i + n));
      }
      continue;
    }
    const chars = Array.from(padded);
    for (let n = minN; n <= maxN && n <= chars.length; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  return out;
}

/** Ordered word pairs at distance 2..window ("a ~ b"). */
export function skipPairs(words: string[], window: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 2; j < words.length && j - i <= window; j++) out.push(`${words[i]} ~ ${words[j]}`);
  }
  return out;
}
