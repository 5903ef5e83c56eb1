/**
 * The persuasion scripts: three or more per emotion, each a different way to say the same
 * warning (the words are in locales/<lang>.json under security.variants.<id>). The bandit
 * learns which works best per scam type and emotion.
 */
import type { Emotion } from '../contract/api';

export const SCRIPT_VARIANTS: Readonly<Record<Emotion, readonly string[]>> = {
  calm: ['calm.factual', 'calm.empathetic', 'calm.firm'],
  anxious: ['anxious.reassuring', 'anxious.stepwise', 'anxious.factual'],
  angry: ['angry.deescalate', 'angry.respect', 'angry.firm'],
  insistent: ['insistent.consequences', 'insistent.question', 'insistent.firm'],
  confused: ['confused.simple', 'confused.story', 'confused.steps'],
};
