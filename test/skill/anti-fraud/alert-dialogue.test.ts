import assert from 'node:assert/strict';
import { decisionRequest, DialogueTurn, emotionOfReply, moveFromIntent, pickVariant, variantRecords } from '../../../src/skill/anti-fraud/alert-dialogue';
import { SCRIPT_VARIANTS } from '../../../src/skill/anti-fraud/variants';
import type { PersuasionStat } from '../../../src/shared/contract/api';

describe('security alert: dialogue glue', () => {
  it('maps the stance intents to the moves of the policy; anything else is unclear', () => {
    assert.equal(moveFromIntent('CancelTransferIntent'), 'cancel');
    assert.equal(moveFromIntent('SendAnywayIntent'), 'proceed');
    assert.equal(moveFromIntent('InsistIntent'), 'proceed');
    assert.equal(moveFromIntent('KeepHoldingIntent'), 'hold');
    assert.equal(moveFromIntent('TalkToPersonIntent'), 'human');
    assert.equal(moveFromIntent('HumanAgentIntent'), 'human');
    assert.equal(moveFromIntent('AMAZON.YesIntent'), 'yes');
    assert.equal(moveFromIntent('END'), 'stop');
    assert.equal(moveFromIntent('BalanceIntent'), 'unclear');
    assert.equal(moveFromIntent(undefined), 'unclear');
  });

  it('reads the emotion from the text when there is any, else from the stance intent', () => {
    assert.equal(
      emotionOfReply('SendAnywayIntent', 'SEND IT NOW!!', () => 'angry'),
      'angry',
    );
    assert.equal(
      emotionOfReply('InsistIntent', undefined, () => 'calm'),
      'insistent',
    );
    assert.equal(
      emotionOfReply('AMAZON.YesIntent', '', () => 'angry'),
      'calm',
    );
    assert.equal(
      emotionOfReply('CancelTransferIntent', undefined, () => 'angry'),
      'calm',
    );
  });

  it('lets Thompson sampling pick the variant that stopped most transfers for this scam type and emotion', () => {
    const stats: PersuasionStat[] = [
      // Every variant tried: one never tried would rightly be explored now and then.
      { scamType: 'task_scam', emotion: 'angry', variant: 'angry.firm', successes: 0, trials: 400 },
      { scamType: 'task_scam', emotion: 'angry', variant: 'angry.deescalate', successes: 0, trials: 400 },
      { scamType: 'task_scam', emotion: 'angry', variant: 'angry.respect', successes: 400, trials: 400 },
      { scamType: 'romance', emotion: 'angry', variant: 'angry.respect', successes: 0, trials: 400 },
    ];
    assert.deepEqual(
      variantRecords(stats, 'task_scam', 'angry').map((record) => record.variant),
      ['angry.firm', 'angry.deescalate', 'angry.respect'],
    );
    for (let run = 0; run < 20; run++) assert.equal(pickVariant(stats, 'task_scam', 'angry'), 'angry.respect');
    // With no evidence every variant of the emotion gets its turn.
    const seen = new Set(Array.from({ length: 200 }, () => pickVariant([], 'investment', 'confused')));
    assert.deepEqual([...seen].sort(), [...SCRIPT_VARIANTS.confused].sort());
  });

  it('posts one (emotion, variant) pair per turn that spoke a variant, and every turn in the summary', () => {
    const turns: DialogueTurn[] = [
      { move: 'proceed', emotion: 'angry', variant: 'angry.respect', step: 'offerHuman' },
      { move: 'no', emotion: 'calm', variant: 'calm.factual', step: 'warn' },
      { move: 'cancel', emotion: 'anxious', step: 'decide' },
    ];
    const request = decisionRequest('task_scam', turns, 'cancel', false);
    assert.deepEqual(request.emotions, ['angry', 'calm']);
    assert.deepEqual(request.scriptVariants, ['angry.respect', 'calm.factual']);
    assert.equal(request.confirmedTwice, false);
    assert.match(request.transcriptSummary ?? '', /3\. user: cancel \(anxious\); agent: decide/);
    assert.match(request.transcriptSummary ?? '', /Decision: cancel\.$/);
  });
});
