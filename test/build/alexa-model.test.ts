import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { PROJECT_ROOT } from '../../src/shared/project-paths';

const run = promisify(execFile);
const BUILD_DIR = join(PROJECT_ROOT, 'build', 'platform.alexa', 'skill-package');

interface InteractionModel {
  interactionModel: { languageModel: { invocationName: string; intents: Array<{ name: string; samples?: string[]; slots?: Array<{ name: string; type: string }> }> } };
}

const CONTRACT_INTENTS = [
  'BalanceIntent',
  'RecentTransactionsIntent',
  'TransactionDetailIntent',
  'VoiceCodeIntent',
  'AMAZON.HelpIntent',
  'AMAZON.StopIntent',
  'AMAZON.CancelIntent',
  'AMAZON.FallbackIntent',
  'AMAZON.YesIntent',
  'AMAZON.NoIntent',
  'AMAZON.RepeatIntent',
];

describe('npx jovo build:platform alexa (offline)', function () {
  this.timeout(120_000);

  before(async () => {
    // The CLI takes NODE_ENV as its stage and would then write to build/<stage>/; the default
    // (stage-less) build is the one deployed, so run it without NODE_ENV.
    const { NODE_ENV: _stage, ...env } = process.env;
    await run('npx', ['jovo', 'build:platform', 'alexa', '--clean'], { cwd: PROJECT_ROOT, env });
  });

  for (const [language, locales] of Object.entries(ALEXA_LOCALES)) {
    for (const locale of locales ?? []) {
      it(`writes the ${locale} interaction model from models/${language}.json`, () => {
        const model = JSON.parse(readFileSync(join(BUILD_DIR, 'interactionModels', 'custom', `${locale}.json`), 'utf8')) as InteractionModel;
        const { invocationName, intents } = model.interactionModel.languageModel;
        // Japanese invocation names are written in Japanese script.
        assert.equal(invocationName, language === 'ja' ? 'ケアボイス' : 'care voice');
        const names = intents.map((intent) => intent.name);
        for (const intent of CONTRACT_INTENTS) assert.ok(names.includes(intent), `${locale} lacks ${intent}`);
        const balance = intents.find((intent) => intent.name === 'BalanceIntent');
        assert.ok((balance?.samples ?? []).length >= 10, `${locale}: too few BalanceIntent samples`);
        const slotTypes = Object.fromEntries(
          intents.find((intent) => intent.name === 'RecentTransactionsIntent')?.slots?.map((slot) => [slot.name, slot.type]) ?? [],
        );
        assert.deepEqual(slotTypes, { count: 'AMAZON.NUMBER', period: 'AMAZON.DATE', duration: 'AMAZON.DURATION', merchant: 'MERCHANT' });
      });
    }
  }

  it('publishes the skill in every Alexa locale, with account linking texts and no placeholders', () => {
    const manifest = JSON.parse(readFileSync(join(BUILD_DIR, 'skill.json'), 'utf8'));
    const published = Object.keys(manifest.manifest.publishingInformation.locales).sort();
    assert.deepEqual(published, Object.values(ALEXA_LOCALES).flat().sort());
    assert.doesNotMatch(JSON.stringify(manifest), /Sample|hello world|placeholder/i);
  });
});
