/**
 * The one place where SSML is made. Everything that comes from outside (merchant names,
 * memos, people's names) passes through escapeForSpeech before it meets markup.
 */

import { UNPAIRED_SURROGATE } from '../../shared/text';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// Characters XML 1.0 forbids (controls, U+FFFE/U+FFFF, unpaired surrogates) make Alexa reject
// the whole response.
const NOT_XML_CHARACTERS = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uFFFE\\uFFFF]|${UNPAIRED_SURROGATE.source}`, 'g');

export function escapeForSpeech(text: unknown): string {
  return String(text ?? '')
    .replace(NOT_XML_CHARACTERS, ' ')
    .replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

/** Reads a code or reference number digit by digit ("4 2 7", not "four hundred twenty-seven"). */
export function digitByDigit(digits: string): string {
  return `<say-as interpret-as="digits">${escapeForSpeech(digits)}</say-as>`;
}

/** How a sentence is voiced: `gentle` slower and softer, `firm` stressed, `plain` as written. */
export type Delivery = 'plain' | 'gentle' | 'firm';

/**
 * Voices our own speech (never raw user text: it must be escaped already) with SSML every Alexa
 * locale supports; `<amazon:emotion>` and Polly voices exist only in some locales.
 */
export function withDelivery(speech: string, delivery: Delivery): string {
  switch (delivery) {
    case 'gentle':
      return `<prosody rate="90%" volume="soft">${speech}</prosody>`;
    case 'firm':
      return `<emphasis level="moderate">${speech}</emphasis>`;
    case 'plain':
      return speech;
  }
}

/** Plain text of a speech string, for screens and logs: no tags, entities decoded. */
export function speechToText(speech: string): string {
  return speech
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_match, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
