/**
 * The four digits of a spoken or typed voice code, whatever way they arrive:
 * Alexa's FOUR_DIGIT_NUMBER slot ("1234"), or free text such as "my code is 1 2 3 4".
 */
export function voiceCodeDigits(utterance: string | undefined): string | undefined {
  if (!utterance) return undefined;
  // NFKC turns the full-width digits of Japanese and Chinese keyboards into ASCII ones.
  const digitGroups = utterance.normalize('NFKC').match(/\d[\d\s-]*\d|\d/g) ?? [];
  const digits = digitGroups.map((group) => group.replace(/\D/g, '')).find((group) => group.length === 4);
  return digits;
}
