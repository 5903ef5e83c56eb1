import { readFileSync } from 'fs';
import { join } from 'path';
import { PROJECT_ROOT } from '../../shared/project-paths';
import { baseLanguage, normalizeText } from '../../classifiers';

/**
 * Emotion cue lexicon (resources/emotion/cues.json): per language, regular expressions for
 * cues of fear, anger, pushing the transfer through, stopping it, and not understanding. Each
 * match becomes a language-independent marker word, so that what a cue weighs is learned from
 * the examples of all six languages at once and carries over to phrasings not in the data.
 */
type CueTable = Record<string, Record<string, string[]>>;

const SPACELESS = new Set(['ja', 'zh']);

export interface CueLexicon {
  /** Marker words of the cues matched in `text` (one per matching pattern). */
  markers(text: string, lang?: string): string[];
}

function compile(table: CueTable): Map<string, Array<{ name: string; re: RegExp }>> {
  const out = new Map<string, Array<{ name: string; re: RegExp }>>();
  for (const [lang, cues] of Object.entries(table)) {
    if (lang.startsWith('_')) continue;
    const list: Array<{ name: string; re: RegExp }> = [];
    for (const [name, patterns] of Object.entries(cues)) {
      for (const p of patterns) {
        const source = p.replace(/？/g, '\\?').normalize('NFKC');
        list.push({ name, re: new RegExp(SPACELESS.has(lang) ? source : `(?<![\\p{L}\\p{N}])(?:${source})`, 'u') });
      }
    }
    out.set(lang, list);
  }
  return out;
}

export function cueLexicon(table: CueTable): CueLexicon {
  const compiled = compile(table);
  return {
    markers(text: string, lang?: string): string[] {
      const norm = normalizeText(text, { digits: false, spelling: false });
      const langs = new Set<string>();
      const base = baseLanguage(lang);
      langs.add(base && compiled.has(base) ? base : 'en');
      // Mixed-language text: the lexicon of the other script too.
      if (/[\u3040-\u30ff]/.test(norm)) langs.add('ja');
      else if (/[\u4e00-\u9fff]/.test(norm)) langs.add('zh');
      if (SPACELESS.has([...langs][0]) && /[a-z]{2,}/.test(norm)) langs.add('en');
      const out: string[] = [];
      for (const l of langs) for (const { name, re } of compiled.get(l) ?? []) if (re.test(norm)) out.push(`xcue${name}`);
      return out;
    },
  };
}

let shipped: CueLexicon | undefined;

/** The lexicon of resources/emotion/cues.json (read once). */
export function shippedCueLexicon(): CueLexicon {
  shipped ??= cueLexicon(JSON.parse(readFileSync(join(PROJECT_ROOT, 'resources', 'emotion', 'cues.json'), 'utf8')) as CueTable);
  return shipped;
}
