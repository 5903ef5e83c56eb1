/** Text rules the skill and the backend share. */

/** A UTF-16 half with no partner: it has no UTF-8 form, so it cannot be stored or sent on as it is. */
export const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What no stored text may hold: NUL (PostgreSQL refuses it in text) and unpaired surrogates. */
const UNSTORABLE = new RegExp(`\\u0000|${UNPAIRED_SURROGATE.source}`);

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
