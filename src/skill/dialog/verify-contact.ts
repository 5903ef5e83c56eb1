/**
 * "Is this really you?": what the user asked about (a phone number, an app, a story a caller
 * told), which question to put to the backend's registry, and which answer to give.
 * The stories the wallet never tells are a scam whatever the registry says.
 */
import { ScamStories, type ContactKind, type ContactVerdict, type FraudScamType, type ScamStory, type VerifyContactResult } from '../../shared/contract/api';

export interface ContactMention {
  phone?: string;
  appName?: string;
  /** The story's slot value: the words the user said. */
  story?: string;
  /** The story's resolved id, when the model recognised one. */
  storyId?: string;
}

export type ContactQuestion =
  /** A story the model recognised as one the wallet never tells: a scam, no lookup needed. */
  { kind: 'story'; story: ScamStory } | { kind: Exclude<ContactKind, 'website'>; value: string };

export function isScamStory(id: string | undefined): id is ScamStory {
  return (ScamStories as readonly string[]).includes(id ?? '');
}

/** The digits (and a leading +) of a spoken phone number: "+86 95188" → "+8695188". */
export function phoneText(value: string): string {
  const text = value.normalize('NFKC').trim();
  const digits = text.replace(/\D/g, '');
  return text.startsWith('+') ? `+${digits}` : digits;
}

/** What to check, from what the user mentioned: a known story first, then a number, an app, free words. */
export function contactQuestion(mention: ContactMention): ContactQuestion | undefined {
  if (isScamStory(mention.storyId)) return { kind: 'story', story: mention.storyId };
  const phone = mention.phone ? phoneText(mention.phone) : '';
  if (phone.replace('+', '').length >= 3) return { kind: 'phone', value: phone };
  if (mention.appName?.trim()) return { kind: 'app', value: mention.appName.trim() };
  if (mention.story?.trim()) return { kind: 'phrase', value: mention.story.trim() };
  return undefined;
}

export type ContactAnswer =
  { key: 'scamStory'; story: ScamStory } | { key: `${'official' | 'scam' | 'unknown'}${'Phone' | 'App'}`; value: string } | { key: 'unknownStory' };

const VERDICT_WORD: Record<ContactVerdict, 'official' | 'scam' | 'unknown'> = {
  official: 'official',
  known_scam: 'scam',
  unknown: 'unknown',
};

/** The answer to give for the registry's verdict on `question` (not a 'story' one: that needs no lookup). */
export function contactAnswer(question: Exclude<ContactQuestion, { kind: 'story' }>, result: VerifyContactResult): ContactAnswer {
  if (question.kind === 'phrase') {
    // A scam phrase without a story name still is a scam; tell it as the most common one.
    return result.verdict === 'known_scam' ? { key: 'scamStory', story: result.story ?? 'safe_account' } : { key: 'unknownStory' };
  }
  const value = result.verdict === 'unknown' ? question.value : (result.matched ?? question.value);
  return { key: `${VERDICT_WORD[result.verdict]}${question.kind === 'phone' ? 'Phone' : 'App'}`, value };
}

/** What a report filed right after a scam check is about. */
export function scamTypeOfContact(question: ContactQuestion): FraudScamType {
  if (question.kind === 'app') return 'fake_app';
  if (question.kind === 'story' && question.story === 'refund_fee') return 'refund_scam';
  return 'impersonation';
}
