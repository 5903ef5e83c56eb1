/**
 * The persuasion scripts: three or more per emotion, each a different way to say the same
 * warning (the words are in locales/<lang>.json under securityAlert.variants.<id>). The bandit
 * learns which works best per scam type and emotion.
 */
import type { Emotion } from '../../shared/contract/api';
import type { Delivery } from '../speech/ssml';

export const SCRIPT_VARIANTS: Readonly<Record<Emotion, readonly string[]>> = {
  calm: ['calm.factual', 'calm.empathetic', 'calm.firm'],
  anxious: ['anxious.reassuring', 'anxious.stepwise', 'anxious.factual'],
  angry: ['angry.deescalate', 'angry.respect', 'angry.firm'],
  insistent: ['insistent.consequences', 'insistent.question', 'insistent.firm'],
  confused: ['confused.simple', 'confused.story', 'confused.steps'],
};

/**
 * The voice is part of a variant where the platform has one (Alexa SSML): slower and softer for
 * the scripts that calm, stressed for the ones that hold a line, as-is for the factual ones.
 */
const VARIANT_DELIVERY: Readonly<Record<string, Delivery>> = {
  'calm.empathetic': 'gentle',
  'calm.firm': 'firm',
  'anxious.reassuring': 'gentle',
  'anxious.stepwise': 'gentle',
  'angry.deescalate': 'gentle',
  'angry.firm': 'firm',
  'insistent.consequences': 'firm',
  'insistent.firm': 'firm',
  'confused.simple': 'gentle',
  'confused.steps': 'gentle',
};

export function deliveryOf(variant: string): Delivery {
  return VARIANT_DELIVERY[variant] ?? 'plain';
}
