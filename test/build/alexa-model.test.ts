import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ALEXA_LOCALES } from '../../src/shared/languages';
import { PROJECT_ROOT } from '../../src/shared/project-paths';
import { expected } from '../support/skill';
import { messageAlertEvent, type MessageAlert } from '../../src/backend/notifications/alexa-proactive';

/** scripts/alexa-skill-package.js: plain CommonJS, as jovo.project.js loads it. */
interface SkillPackageModule {
  PRODUCTION_SETTINGS: Record<string, string>;
  SUBSCRIBED_EVENTS: string[];
  jovoStage(argv: string[], env: Record<string, string | undefined>): string | undefined;
  skillSettings(env: Record<string, string | undefined>, production: boolean): Record<string, string>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PRODUCTION_SETTINGS, SUBSCRIBED_EVENTS, jovoStage, skillSettings } = require('../../scripts/alexa-skill-package') as SkillPackageModule;

const run = promisify(execFile);
const BUILD_DIR = join(PROJECT_ROOT, 'build', 'platform.alexa', 'skill-package');

interface InteractionModel {
  interactionModel: {
    dialog?: { intents: Array<{ name: string; slots: Array<{ name: string; elicitationRequired: boolean; prompts: { elicitation: string } }> }> };
    prompts?: Array<{ id: string; variations: Array<{ type: string; value: string }> }>;
    languageModel: {
      invocationName: string;
      intents: Array<{ name: string; samples?: string[]; slots?: Array<{ name: string; type: string; samples?: string[] }> }>;
      types?: Array<{ name: string; values: Array<{ name: { value: string; synonyms?: string[] } }> }>;
    };
  };
}

function builtInteractionModel(locale: string): InteractionModel['interactionModel'] {
  return (JSON.parse(readFileSync(join(BUILD_DIR, 'interactionModels', 'custom', `${locale}.json`), 'utf8')) as InteractionModel).interactionModel;
}

function builtModel(locale: string): InteractionModel['interactionModel']['languageModel'] {
  return builtInteractionModel(locale).languageModel;
}

/** What Alexa's model build and certification reject or flag, per locale; empty when the model is clean. */
function modelProblems(locale: string): string[] {
  const { intents, types = [] } = builtModel(locale);
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const intent of intents) {
    for (const sample of intent.samples ?? []) {
      const key = sample.toLowerCase();
      if (owner.has(key)) problems.push(`duplicate sample "${sample}" in ${intent.name} and ${owner.get(key)}`);
      owner.set(key, intent.name);
      // Alexa wants numbers spelled out, and no punctuation but apostrophes, periods of abbreviations and hyphens.
      if (/\d/.test(sample)) problems.push(`${intent.name}: digits in "${sample}"`);
      if (/[^\p{L}\p{M}\s{}'.\-ー・]/u.test(sample)) problems.push(`${intent.name}: punctuation in "${sample}"`);
    }
  }
  // Slots blanked, two intents must never share a sample ("{code}" and "{phone}", "it's {code}" and "it's {phone}").
  // FaqIntent's carriers ("what is {query}") are left out: they are another question (README).
  const shapes = new Map<string, string>();
  for (const intent of intents.filter(({ name }) => name !== 'FaqIntent')) {
    for (const shape of new Set((intent.samples ?? []).map((sample) => sample.toLowerCase().replace(/\{\w+\}/g, '{}')))) {
      const other = shapes.get(shape);
      if (other) problems.push(`"${shape}" is a sample shape of ${intent.name} and ${other}`);
      shapes.set(shape, intent.name);
    }
  }
  const used = new Set(intents.flatMap((intent) => (intent.slots ?? []).map((slot) => slot.type)));
  for (const type of types) {
    if (!used.has(type.name)) problems.push(`slot type ${type.name} is not used`);
    for (const { name } of type.values) {
      for (const word of [name.value, ...(name.synonyms ?? [])]) {
        const intent = owner.get(word.toLowerCase());
        // A slot value that is also a whole sample of an intent: Alexa cannot tell the answer from the request.
        if (intent) problems.push(`${type.name} value "${word}" is a sample of ${intent}`);
      }
    }
  }
  return problems;
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

  for (const locale of Object.values(ALEXA_LOCALES).flat()) {
    it(`${locale}: no duplicate samples, no digits or punctuation, no unused slot types, no slot value that is another intent's sample`, () => {
      assert.deepEqual(modelProblems(locale), []);
    });
  }

  for (const locale of Object.values(ALEXA_LOCALES).flat()) {
    it(`${locale}: bare answers (a code, a number, what happened) are slot samples Alexa fills where the skill elicits them`, () => {
      const model = builtInteractionModel(locale);
      const expectations: Array<[string, string, string, string]> = [
        ['VoiceCodeIntent', 'code', '{code}', 'voiceCode.ask'],
        ['PhoneNumberIntent', 'phone', '{phone}', 'verifyContact.askWhat'],
        ['DescribeScamIntent', 'scamType', '{scamType}', 'fraudReport.whatHappened'],
      ];
      for (const [intentName, slotName, bare, promptKey] of expectations) {
        const intent = model.languageModel.intents.find(({ name }) => name === intentName);
        assert.ok(!intent?.samples?.includes(bare), `${intentName} keeps the bare sample ${bare}`);
        assert.ok(intent?.slots?.find(({ name }) => name === slotName)?.samples?.includes(bare), `${intentName}.${slotName} lacks ${bare}`);
        const slot = model.dialog?.intents.find(({ name }) => name === intentName)?.slots.find(({ name }) => name === slotName);
        assert.equal(slot?.elicitationRequired, true);
        const prompt = model.prompts?.find(({ id }) => id === slot?.prompts.elicitation);
        assert.equal(prompt?.variations[0].value, expected(locale, promptKey));
      }
    });
  }

  it('publishes the skill in every Alexa locale, with account linking texts and no placeholders', () => {
    const manifest = JSON.parse(readFileSync(join(BUILD_DIR, 'skill.json'), 'utf8'));
    const published = Object.keys(manifest.manifest.publishingInformation.locales).sort();
    assert.deepEqual(published, Object.values(ALEXA_LOCALES).flat().sort());
    assert.doesNotMatch(JSON.stringify(manifest), /Sample|hello world|placeholder|example\.com/i);
  });

  it('writes a complete package: manifest version, icons of the right size, https privacy and terms in every locale', () => {
    const { manifest } = JSON.parse(readFileSync(join(BUILD_DIR, 'skill.json'), 'utf8'));
    assert.equal(manifest.manifestVersion, '1.0');
    for (const locale of Object.values(ALEXA_LOCALES).flat()) {
      const store = manifest.publishingInformation.locales[locale];
      assert.deepEqual([store.smallIconUri, store.largeIconUri].map(pngSizeAt), [108, 512], locale);
      const legal = manifest.privacyAndCompliance.locales[locale];
      assert.match(legal.privacyPolicyUrl, /^https:\/\//, locale);
      assert.match(legal.termsOfUseUrl, /^https:\/\//, locale);
    }
    assert.match(manifest.publishingInformation.testingInstructions, /demo-alice/);
  });

  it('declares the proactive event the backend sends and the skill events the skill handles', () => {
    const { manifest } = JSON.parse(readFileSync(join(BUILD_DIR, 'skill.json'), 'utf8'));
    const sent = messageAlertEvent({ alexaUserId: 'u', referenceId: 'r', expiryTime: new Date() } as MessageAlert, new Date()).event.name;
    assert.deepEqual(manifest.events.publications, [{ eventName: sent }]);
    assert.deepEqual(manifest.events.subscriptions.map((event: { eventName: string }) => event.eventName).sort(), [...SUBSCRIBED_EVENTS].sort());
    assert.deepEqual(manifest.permissions, [{ name: 'alexa::devices:all:notifications:write' }]);
  });

  it('configures account linking with the authorization code grant, and no secret in the package', () => {
    const { accountLinkingRequest } = JSON.parse(readFileSync(join(BUILD_DIR, 'accountLinking.json'), 'utf8'));
    assert.equal(accountLinkingRequest.type, 'AUTH_CODE');
    assert.match(accountLinkingRequest.authorizationUrl, /^https:\/\//);
    assert.match(accountLinkingRequest.accessTokenUrl, /^https:\/\//);
    assert.ok(accountLinkingRequest.scopes.length > 0);
    assert.equal(accountLinkingRequest.clientSecret, undefined);
  });

  it('refuses a production build that lacks a setting, naming every missing one', async () => {
    const { NODE_ENV: _stage, SKILL_ENDPOINT: _endpoint, ALEXA_SKILL_ID: _id, ...env } = process.env;
    await assert.rejects(run('npx', ['jovo', 'build:platform', 'alexa', '--stage', 'prod'], { cwd: PROJECT_ROOT, env }), (error: { stderr: string; stdout: string }) => {
      const output = error.stderr + error.stdout;
      for (const name of Object.keys(PRODUCTION_SETTINGS)) assert.match(output, new RegExp(name));
      return true;
    });
  });
});

describe('unit: skill package settings', () => {
  const complete = Object.fromEntries(Object.keys(PRODUCTION_SETTINGS).map((name) => [name, name.endsWith('_URL') ? `https://wallet.test/${name}` : `${name}-value`]));

  it('takes every production setting from the environment', () => {
    assert.deepEqual(skillSettings(complete, true), complete);
  });

  it('refuses production URLs that are not https', () => {
    assert.throws(() => skillSettings({ ...complete, PRIVACY_POLICY_URL: 'http://wallet.test/privacy' }, true), /PRIVACY_POLICY_URL must be https|PRIVACY_POLICY_URL.*https/);
  });

  it('reads the stage as the Jovo CLI does: --stage, then JOVO_STAGE, then NODE_ENV', () => {
    assert.equal(jovoStage(['node', 'jovo', 'build:platform', '--stage', 'prod'], { NODE_ENV: 'test' }), 'prod');
    assert.equal(jovoStage(['node', 'jovo'], { JOVO_STAGE: 'production', NODE_ENV: 'test' }), 'production');
    assert.equal(jovoStage(['node', 'jovo'], {}), undefined);
  });
});

/** The width of a PNG in the built package, read from its header (square icons). */
function pngSizeAt(uri: string): number {
  const png = readFileSync(join(BUILD_DIR, uri.replace(/^file:\/\//, '')));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), png.readUInt32BE(20), 'square');
  return png.readUInt32BE(16);
}
