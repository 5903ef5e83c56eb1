import assert from 'node:assert/strict';
import { MAX_NLU_TEXT_CHARS, nluText } from '../../../src/skill/nlu/shared-nlpjs';

describe('unit: nlu/nluText, the part of a typed text the NLU reads', () => {
  it('reads a normal request whole', () => {
    assert.equal(nluText('what is my balance'), 'what is my balance');
  });

  it('reads only the start of a long text', () => {
    const text = 'x'.repeat(MAX_NLU_TEXT_CHARS + 50);
    assert.equal(nluText(text), 'x'.repeat(MAX_NLU_TEXT_CHARS));
  });

  it('never cuts an emoji in half', () => {
    const text = `${'x'.repeat(MAX_NLU_TEXT_CHARS - 1)}🙂🙂`;
    assert.equal(nluText(text), 'x'.repeat(MAX_NLU_TEXT_CHARS - 1));
  });
});
