import type { ContactAdvice, ContactKind, VerifyContactQuery, VerifyContactResult } from '../../shared/contract/api';
import { appKey, hostKeys, phoneKeys, phraseKey, tellsPhrase } from './normalize';
import type { ContactRegistryRepository, RegistryEntry } from './repository';

const SCAM_ADVICE: Record<ContactKind, ContactAdvice> = {
  phone: 'hang_up',
  app: 'delete_app',
  website: 'leave_website',
  phrase: 'stop_and_report',
};

/** The registry keys a value may be filed under, by kind (phrases are matched inside the text). */
const KEYS_OF: Record<Exclude<ContactKind, 'phrase'>, (value: string) => string[]> = {
  phone: phoneKeys,
  app: (value) => [appKey(value)],
  website: hostKeys,
};

export class VerifyContactService {
  constructor(private readonly registry: ContactRegistryRepository) {}

  async check({ kind, value }: VerifyContactQuery): Promise<VerifyContactResult> {
    const entry = kind === 'phrase' ? await this.storyIn(value) : await this.registry.findFirst(kind, KEYS_OF[kind](value));
    if (entry === undefined) {
      return { verdict: 'unknown', kind, advice: 'check_with_official_number' };
    }
    return {
      verdict: entry.verdict,
      kind,
      matched: entry.display,
      ...(entry.story === undefined ? {} : { story: entry.story }),
      advice: entry.verdict === 'official' ? 'official_channel' : SCAM_ADVICE[kind],
    };
  }

  /**
   * The longest scam phrase the text tells, whatever else it says ("95188 told me to use a safe
   * account"); of two as long, the first by key (code point order), whatever order the store lists them in.
   */
  private async storyIn(value: string): Promise<RegistryEntry | undefined> {
    const text = phraseKey(value);
    const told = (await this.registry.phrases()).filter((phrase) => tellsPhrase(text, phrase.key));
    return told.sort((one, other) => other.key.length - one.key.length || (one.key < other.key ? -1 : one.key > other.key ? 1 : 0))[0];
  }
}
