/** Text as the backend compares it: what a user types or says rarely matches the stored spelling. */

/** Case- and accent-insensitive form for substring search: "cafe" finds "Café", "MÜLLER" finds "Müller". */
export function searchableText(text: string): string {
  // Only Latin combining accents are dropped: kana voicing marks change the word.
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase();
}
