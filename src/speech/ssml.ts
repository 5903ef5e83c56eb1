/**
 * The one place where SSML is made. Everything that comes from outside (merchant names,
 * memos, people's names) passes through escapeForSpeech before it meets markup.
 */

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// Control characters are not allowed in XML 1.0 and make Alexa reject the whole response.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function escapeForSpeech(text: unknown): string {
  return String(text ?? '')
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

/** Reads a code or reference number digit by digit ("4 2 7", not "four hundred twenty-seven"). */
export function digitByDigit(digits: string): string {
  return `<say-as interpret-as="digits">${escapeForSpeech(digits)}</say-as>`;
}

/** Plain text of a speech string, for screens and logs: no tags, entities decoded. */
export function speechToText(speech: string): string {
  return speech
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_match, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
