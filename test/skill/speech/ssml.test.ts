import assert from 'node:assert/strict';
import fc from 'fast-check';
import { deliveryOf, SCRIPT_VARIANTS } from '../../../src/skill/anti-fraud/variants';
import { digitByDigit, escapeForSpeech, speechToText, withDelivery } from '../../../src/skill/speech/ssml';

describe('unit: speech/ssml', () => {
  describe('escapeForSpeech: outside text can never become markup', () => {
    it('escapes the five XML specials', () => {
      assert.equal(escapeForSpeech(`Marks & Spencer <script> "Ted's"`), 'Marks &amp; Spencer &lt;script&gt; &quot;Ted&apos;s&quot;');
    });

    it('escapes an ampersand that already looks like an entity, so the user hears it as written', () => {
      assert.equal(escapeForSpeech('AT&amp;T &lt;3'), 'AT&amp;amp;T &amp;lt;3');
    });

    it('replaces control characters that make Alexa reject the response with spaces', () => {
      assert.equal(escapeForSpeech('Star\u0000bucks\u0007 Cafe\u001B\u007F'), 'Star bucks  Cafe  ');
      assert.equal(escapeForSpeech('\u000B\u000C'), '  ');
    });

    it('keeps tabs, line breaks and non-Latin text as they are', () => {
      assert.equal(escapeForSpeech('Café\t東京\nMünchen\r'), 'Café\t東京\nMünchen\r');
    });

    it('says nothing for a missing value and stringifies numbers', () => {
      assert.equal(escapeForSpeech(undefined), '');
      assert.equal(escapeForSpeech(null), '');
      assert.equal(escapeForSpeech(42), '42');
    });

    it('removes the other characters XML 1.0 forbids', () => {
      assert.doesNotMatch(escapeForSpeech('Shop\uFFFEA\uFFFFB\uD800C'), /[\uFFFE\uFFFF\uD800-\uDFFF]/);
    });
  });

  describe('digitByDigit', () => {
    it('asks the voice to read a reference digit by digit', () => {
      assert.equal(digitByDigit('4271'), '<say-as interpret-as="digits">4271</say-as>');
      assert.equal(speechToText(digitByDigit('4271')), '4271');
    });

    it('cannot be broken out of by what it is given', () => {
      const ssml = digitByDigit('12"/><audio src="x"/>');
      assert.equal(ssml, '<say-as interpret-as="digits">12&quot;/&gt;&lt;audio src=&quot;x&quot;/&gt;</say-as>');
      assert.equal(ssml.match(/</g)?.length, 2);
    });
  });

  describe('speechToText: what a screen shows of a spoken answer', () => {
    it('drops tags, decodes entities and tidies spaces', () => {
      assert.equal(
        speechToText('<speak>You paid <say-as interpret-as="digits">42</say-as> to  Marks &amp; Spencer.<break time="300ms"/> Bye &lt;3</speak>'),
        'You paid 42 to Marks & Spencer. Bye <3',
      );
    });

    it('gives back exactly what was escaped, even text that looks like markup or entities', () => {
      for (const original of ['Marks & Spencer <script>', 'AT&amp;T', '&lt;b&gt;', `"Ted's"`, '東京 & 大阪']) {
        assert.equal(speechToText(escapeForSpeech(original)), original);
      }
    });

    it('round-trips any mix of specials, entity-like text and words (whitespace tidied)', () => {
      const piece = fc.constantFrom('&', '<', '>', '"', "'", '&amp;', '&lt;', 'lt;', '</speak>', 'Café', '東京', 'a', ' ', '\n');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
          const text = pieces.join('');
          assert.equal(speechToText(escapeForSpeech(text)), text.replace(/\s+/g, ' ').trim());
        }),
        { seed: 20261127, numRuns: 300 },
      );
    });
  });

  describe('withDelivery: the voice of a persuasion script', () => {
    it('speaks gently slower and softer, firmly with stress, plainly as written', () => {
      assert.equal(withDelivery('Take your time.', 'gentle'), '<prosody rate="90%" volume="soft">Take your time.</prosody>');
      assert.equal(withDelivery('Do not send it.', 'firm'), '<emphasis level="moderate">Do not send it.</emphasis>');
      assert.equal(withDelivery('Most people lose it.', 'plain'), 'Most people lose it.');
    });

    it('gives every emotion at least two ways of sounding across its variants', () => {
      for (const [emotion, variants] of Object.entries(SCRIPT_VARIANTS)) {
        assert.ok(new Set(variants.map(deliveryOf)).size >= 2, `${emotion}: ${variants.map(deliveryOf).join(', ')}`);
      }
    });
  });
});
