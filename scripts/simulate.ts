/**
 * `npm run simulate [-- --json] [-- --users N]`: many simulated users, each with an emotion
 * trajectory and a hidden reaction to each script variant, talk through the real dialogue
 * policy and bandit. Prints how many transfers were stopped, releases without a double
 * confirmation (must be 0), human offers to angry or insistent users (must be 100%), and the
 * bandit's regret against always using the best fixed variant.
 */
import { chooseVariant, VariantRecord } from '../src/skill/anti-fraud/bandit';
import { nextStep, openDialogue, UserMove } from '../src/skill/anti-fraud/policy';
import { SCRIPT_VARIANTS } from '../src/skill/anti-fraud/variants';
import type { Emotion } from '../src/shared/contract/api';
import { seededRandom } from '../src/shared/random';

interface Persona {
  name: string;
  /** Emotion at each turn; the last repeats. */
  trajectory: Emotion[];
  /** Hidden chance that hearing the variant talks them out of sending. */
  persuadedBy: (variant: string) => number;
}

const base = (rates: Record<string, number>, fallback: number) => (variant: string) => rates[variant] ?? fallback;

const PERSONAS: Persona[] = [
  {
    name: 'calm doubter',
    trajectory: ['calm'],
    persuadedBy: base({ 'calm.factual': 0.8, 'calm.empathetic': 0.55, 'calm.firm': 0.6 }, 0.5),
  },
  {
    name: 'worried victim',
    trajectory: ['anxious', 'anxious', 'calm'],
    persuadedBy: base({ 'anxious.reassuring': 0.85, 'anxious.stepwise': 0.7, 'anxious.factual': 0.45, 'calm.factual': 0.8 }, 0.5),
  },
  {
    name: 'angry task-scam worker',
    trajectory: ['angry', 'insistent'],
    persuadedBy: base(
      {
        'angry.respect': 0.6,
        'angry.deescalate': 0.45,
        'angry.firm': 0.2,
        'insistent.consequences': 0.55,
        'insistent.question': 0.4,
        'insistent.firm': 0.25,
      },
      0.3,
    ),
  },
  {
    name: 'insistent investor',
    trajectory: ['insistent'],
    persuadedBy: base({ 'insistent.question': 0.65, 'insistent.consequences': 0.5, 'insistent.firm': 0.3 }, 0.3),
  },
  {
    name: 'confused elder',
    trajectory: ['confused', 'anxious'],
    persuadedBy: base({ 'confused.story': 0.85, 'confused.simple': 0.7, 'confused.steps': 0.6, 'anxious.reassuring': 0.8 }, 0.5),
  },
];

interface Outcome {
  stopped: boolean;
  unconfirmedRelease: boolean;
  /** Pushed to send the money while angry or insistent: such a user must be offered a person. */
  angryOrInsistent: boolean;
  offeredHuman: boolean;
  /** Chance of stopping the best fixed variant per emotion would have given minus ours, for regret. */
  regret: number;
}

type Learning = Map<string, VariantRecord[]>;

function recordsFor(learning: Learning, emotion: Emotion): VariantRecord[] {
  let records = learning.get(emotion);
  if (!records) {
    records = SCRIPT_VARIANTS[emotion].map((variant) => ({ variant, successes: 0, trials: 0 }));
    learning.set(emotion, records);
  }
  return records;
}

function simulateUser(persona: Persona, learning: Learning, random: () => number): Outcome {
  let { state, step } = openDialogue();
  const heard: Array<{ emotion: Emotion; variant: string }> = [];
  let regret = 0;
  let offeredHuman = false;
  let pushedWhileHeated = false;
  for (let turn = 0; turn < 8; turn++) {
    const emotion = persona.trajectory[Math.min(turn, persona.trajectory.length - 1)];
    if (step.kind === 'decide') break;
    if (step.kind === 'offerHuman') offeredHuman = true;
    let move: UserMove;
    if (step.kind === 'warn' || step.kind === 'clarify') {
      const variant = chooseVariant(SCRIPT_VARIANTS[emotion], recordsFor(learning, emotion), random);
      heard.push({ emotion, variant });
      const chance = persona.persuadedBy(variant);
      regret += Math.max(...SCRIPT_VARIANTS[emotion].map((candidate) => persona.persuadedBy(candidate))) - chance;
      move = random() < chance ? 'cancel' : 'proceed';
    } else if (step.kind === 'offerHuman') {
      move = random() < 0.3 ? 'yes' : 'no';
    } else {
      move = 'yes';
    }
    if (move !== 'cancel' && (emotion === 'angry' || emotion === 'insistent')) pushedWhileHeated = true;
    ({ state, step } = nextStep(state, move, emotion));
  }
  if (step.kind === 'offerHuman') offeredHuman = true;
  const decision = step.kind === 'decide' ? step : undefined;
  const stopped = decision?.decision !== 'proceed';
  for (const { emotion, variant } of heard) {
    const record = recordsFor(learning, emotion).find((candidate) => candidate.variant === variant);
    if (record) {
      record.trials += 1;
      if (stopped) record.successes += 1;
    }
  }
  return {
    stopped,
    unconfirmedRelease: decision?.decision === 'proceed' && !decision.confirmedTwice,
    angryOrInsistent: pushedWhileHeated,
    offeredHuman,
    regret,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const usersFlag = args.indexOf('--users');
  const users = usersFlag >= 0 ? Number(args[usersFlag + 1]) : 5000;
  const random = seededRandom(20261128);
  const learning: Learning = new Map();
  const outcomes = Array.from({ length: users }, (_, index) => simulateUser(PERSONAS[index % PERSONAS.length], learning, random));

  const share = (count: number, of: number) => (of === 0 ? 1 : count / of);
  const angryOrInsistent = outcomes.filter((outcome) => outcome.angryOrInsistent);
  const summary = {
    users,
    stopped_share: share(outcomes.filter((outcome) => outcome.stopped).length, users),
    unconfirmed_releases: outcomes.filter((outcome) => outcome.unconfirmedRelease).length,
    human_offer_share_angry_insistent: share(angryOrInsistent.filter((outcome) => outcome.offeredHuman).length, angryOrInsistent.length),
    regret: outcomes.reduce((sum, outcome) => sum + outcome.regret, 0) / users,
  };

  if (!args.includes('--json')) {
    console.log(`Simulated ${users} users over ${PERSONAS.length} personas.`);
    console.log(`Transfers stopped: ${(summary.stopped_share * 100).toFixed(1)}%`);
    console.log(`Releases without a double confirmation: ${summary.unconfirmed_releases}`);
    console.log(`Human offered to angry or insistent users: ${(summary.human_offer_share_angry_insistent * 100).toFixed(1)}%`);
    console.log(`Regret per user against the best fixed variant: ${summary.regret.toFixed(3)} (in chances of stopping per warning)`);
    for (const [emotion, records] of learning) {
      console.log(`  ${emotion}: ${records.map((record) => `${record.variant} ${record.successes}/${record.trials}`).join(', ')}`);
    }
  }
  console.log(JSON.stringify(summary));
}

main();
