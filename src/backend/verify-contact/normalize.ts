/**
 * How a phone number, app name, web address or story is compared with the registry: users write
 * them in many ways ("0044 7700 900777", "ant wealth  helper", "WWW.CareVoice.com/login").
 * The registry stores its keys in these forms: changing one needs a migration that recomputes them.
 */
import { websiteHost } from '../../shared/contract/api';
import { searchableText } from '../text';

/** Calling codes of the wallet's markets: a number written without one may be from any of them. */
const CALLING_CODES = ['1', '33', '34', '44', '49', '52', '81', '86'] as const;

/**
 * The registry keys a phone number may have: country code and national number, digits only.
 * "+86 95188", "0086 95188", "8695188" and "95188" all give "8695188"; "07700 900777" gives
 * "447700900777" among others.
 */
export function phoneKeys(value: string): string[] {
  const text = value.normalize('NFKC').replace(/\(0\)/g, '').trim();
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) {
    return [digits];
  }
  if (digits.startsWith('00')) {
    return [digits.slice(2)];
  }
  // Written nationally (without the trunk 0) in one of the markets, or with only the "+" left out.
  const national = digits.replace(/^0/, '');
  return [...new Set([digits, ...CALLING_CODES.map((code) => `${code}${national}`)])];
}

/** Case, accents, character width and spacing folded: "Ａｎｔ  WEALTH" reads as "ant wealth". */
function foldText(value: string): string {
  return searchableText(value.normalize('NFKC'))
    .replace(/[‘’´`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** App names ignore case, spaces and separators: "ant-wealth Helper" is "Ant Wealth Helper". */
export function appKey(value: string): string {
  return foldText(value).replace(/[\s\-_.·・'"]/g, '');
}

/** The host and every parent domain above it, most specific first: a domain covers its subdomains. */
export function hostKeys(value: string): string[] {
  const labels = (websiteHost(value) ?? '').split('.');
  return labels.slice(0, -1).map((_label, index) => labels.slice(index).join('.'));
}

/** A story as compared: folded, with punctuation turned into spaces. */
export function phraseKey(value: string): string {
  return foldText(value)
    .replace(/[^\p{L}\p{N}\p{M}']+/gu, ' ')
    .trim();
}

/**
 * Whether `text` tells `phrase` (both phrase keys). A phrase in a script written with spaces must
 * start a word ("unsafe account" is not "safe account") but may end in an inflection ("fees",
 * "Gebühren"); Chinese and Japanese have no spaces, so there it may stand anywhere.
 */
export function tellsPhrase(text: string, phrase: string): boolean {
  const startsAWord = /^[\p{Script=Latin}\p{N}]/u.test(phrase);
  return ` ${text}`.includes(startsAWord ? ` ${phrase}` : phrase);
}
