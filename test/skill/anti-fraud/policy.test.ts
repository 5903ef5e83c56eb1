import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Emotion } from '../../../src/shared/contract/api';
import { chooseVariant, posteriorMean, sampleBeta } from '../../../src/skill/anti-fraud/bandit';
import { nextStep, openDialogue, Step, UserMove } from '../../../src/skill/anti-fraud/policy';

const EMOTIONS: Emotion[] = ['calm', 'anxious', 'angry', 'insistent', 'confused'];
const MOVES: UserMove[] = ['cancel', 'proceed', 'hold', 'human', 'yes', 'no', 'stop', 'unclear'];

/** Plays a conversation; returns every step, stopping at the decision. */
function play(turns: Array<[UserMove, Emotion]>): Step[] {
  let { state, step } = openDialogue();
  const steps: Step[] = [step];
  for (const [move, emotion] of turns) {
    ({ state, step } = nextStep(state, move, emotion));
    steps.push(step);
    if (step.kind === 'decide') break;
  }
  return steps;
}

const conversations = fc.array(fc.tuple(fc.constantFrom(...MOVES), fc.constantFrom(...EMOTIONS)), { maxLength: 12 });

describe('anti-fraud: the safety rules of the warning dialogue', () => {
  it('never releases money in the turn of the first warning', () => {
    for (const move of MOVES) {
      for (const emotion of EMOTIONS) {
        const [, reply] = play([[move, emotion]]);
        assert.ok(!(reply.kind === 'decide' && reply.decision === 'proceed'), `${move}/${emotion} released at once`);
      }
    }
  });

  it('releases only after a second warning and then a second explicit confirmation, whatever is said', () => {
    fc.assert(
      fc.property(conversations, (turns) => {
        const steps = play(turns);
        const last = steps[steps.length - 1];
        if (last.kind !== 'decide' || last.decision !== 'proceed') return true;
        const secondWarning = steps.findIndex((step) => step.kind === 'warn' && step.warning === 2);
        const confirmation = steps.findIndex((step) => step.kind === 'askConfirmation');
        return last.confirmedTwice && secondWarning > 0 && confirmation > secondWarning;
      }),
      { numRuns: 2000 },
    );
  });

  it('offers an angry or insistent user a human agent before any release', () => {
    fc.assert(
      fc.property(conversations, (turns) => {
        const steps = play(turns);
        const last = steps[steps.length - 1];
        if (last.kind !== 'decide' || last.decision !== 'proceed') return true;
        const heard = turns.slice(0, steps.length - 1).map(([, emotion]) => emotion);
        if (!heard.some((emotion) => emotion === 'angry' || emotion === 'insistent')) return true;
        return steps.some((step) => step.kind === 'offerHuman');
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves the transfer held on stop, and cancels whenever the user says cancel', () => {
    fc.assert(
      fc.property(conversations, fc.constantFrom<UserMove>('cancel', 'stop'), fc.constantFrom(...EMOTIONS), (before, final, emotion) => {
        const undecided = before.filter(([move]) => ['unclear', 'proceed'].includes(move)).slice(0, 2);
        const steps = play([...undecided, [final, emotion]]);
        const last = steps[steps.length - 1];
        return last.kind === 'decide' && last.decision === (final === 'cancel' ? 'cancel' : 'hold');
      }),
    );
  });

  it('walks a calm user who insists on sending through every gate', () => {
    const steps = play([
      ['proceed', 'calm'],
      ['yes', 'calm'],
      ['yes', 'calm'],
    ]);
    assert.deepEqual(
      steps.map((step) => step.kind),
      ['warn', 'warn', 'askConfirmation', 'decide'],
    );
    assert.deepEqual(steps[3], { kind: 'decide', decision: 'proceed', confirmedTwice: true });
  });
});

describe('anti-fraud: the persuasion bandit', () => {
  it('samples Beta draws with the right mean', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const draws = Array.from({ length: 4000 }, () => sampleBeta(8, 2, random));
    const mean = draws.reduce((sum, draw) => sum + draw, 0) / draws.length;
    assert.ok(Math.abs(mean - 0.8) < 0.02, `mean ${mean}`);
  });

  it('prefers the variant that has worked, yet still tries the others now and then', () => {
    const records = [
      { variant: 'empathetic', successes: 45, trials: 50 },
      { variant: 'factual', successes: 20, trials: 50 },
      { variant: 'firm', successes: 0, trials: 0 },
    ];
    const picks = Array.from({ length: 500 }, () => chooseVariant(['empathetic', 'factual', 'firm'], records));
    const share = (variant: string) => picks.filter((pick) => pick === variant).length / picks.length;
    assert.ok(share('empathetic') > 0.7, `empathetic ${share('empathetic')}`);
    assert.ok(share('factual') < 0.05);
    assert.ok(share('firm') > 0.01, 'an untried variant must still be explored');
    assert.ok(posteriorMean(records[0]) > posteriorMean(records[1]));
  });
});
