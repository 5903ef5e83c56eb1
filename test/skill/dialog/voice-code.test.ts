import assert from 'node:assert/strict';
import { voiceCodeDigits } from '../../../src/skill/dialog/voice-code';

describe('unit: services/voice-code', () => {
  describe('voiceCodeDigits: the four digits of a spoken or typed code', () => {
    const heardCodes: Array<[utterance: string, digits: string]> = [
      ['1234', '1234'], // Alexa's FOUR_DIGIT_NUMBER slot
      ['1 2 3 4', '1234'],
      ['my code is 12-34', '1234'],
      ['0042', '0042'], // leading zeros are part of the code
      ['it has 4 digits: 7 7 0 1', '7701'],
    ];
    for (const [utterance, digits] of heardCodes) {
      it(`hears "${digits}" in "${utterance}"`, () => {
        assert.equal(voiceCodeDigits(utterance), digits);
      });
    }

    it('hears no code when the digits are not exactly four', () => {
      for (const utterance of ['12345', '123', '1 2 3 4 5', 'one two three four']) {
        assert.equal(voiceCodeDigits(utterance), undefined, utterance);
      }
    });

    it('hears no code in nothing at all', () => {
      assert.equal(voiceCodeDigits(''), undefined);
      assert.equal(voiceCodeDigits(undefined), undefined);
    });

    it('hears full-width digits typed on the web in Japanese or Chinese', () => {
      assert.equal(voiceCodeDigits('暗証番号は１２３４です'), '1234');
    });
  });
});
