// The Alexa skill package beside the interaction models: manifest, account linking and icons,
// from the environment. A production build (Jovo stage `prod` or `production`) refuses to run
// with anything missing; a development build fills in local values and says so in the manifest.
const { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { alexaLocales } = require('../src/shared/language-table.json');

/** What a build for certification cannot do without, and what each one is. */
const PRODUCTION_SETTINGS = {
  SKILL_ENDPOINT: 'the HTTPS webhook (https://.../webhook) or the Lambda ARN',
  ALEXA_SKILL_ID: 'the skill id from the Alexa developer console (amzn1.ask.skill...)',
  PRIVACY_POLICY_URL: 'the privacy policy page, https',
  TERMS_OF_USE_URL: 'the terms of use page, https',
  ACCOUNT_LINKING_AUTHORIZATION_URL: "the OAuth authorization page of the wallet's identity service, https",
  ACCOUNT_LINKING_TOKEN_URL: "the OAuth token endpoint of the wallet's identity service, https",
  ACCOUNT_LINKING_CLIENT_ID: 'the OAuth client id issued to the skill',
  ALEXA_TEST_ACCOUNT: 'the sign-in of the test account given to certification (user / password)',
};

const DEVELOPMENT_SETTINGS = {
  SKILL_ENDPOINT: 'https://carevoice.dev.local/webhook',
  ALEXA_SKILL_ID: '',
  PRIVACY_POLICY_URL: 'https://carevoice.dev.local/legal/privacy',
  TERMS_OF_USE_URL: 'https://carevoice.dev.local/legal/terms',
  ACCOUNT_LINKING_AUTHORIZATION_URL: 'https://carevoice.dev.local/oauth/authorize',
  ACCOUNT_LINKING_TOKEN_URL: 'https://carevoice.dev.local/oauth/token',
  ACCOUNT_LINKING_CLIENT_ID: 'carevoice-alexa-dev',
  ALEXA_TEST_ACCOUNT: 'demo-alice / demo-alice',
};

/** The proactive event the backend sends (src/backend/notifications/alexa-proactive.ts). */
const PUBLISHED_EVENTS = ['AMAZON.MessageAlert.Activated'];
/** Skill events the skill handles (src/handlers/SkillEventsComponent.ts). */
const SUBSCRIBED_EVENTS = ['SKILL_PROACTIVE_SUBSCRIPTION_CHANGED', 'SKILL_ACCOUNT_LINKED', 'SKILL_DISABLED', 'SKILL_PERMISSION_CHANGED'];
const SCOPES = ['wallet:read', 'wallet:protect'];
const ICONS_DIR = join(__dirname, '..', 'resources', 'alexa');
const ICONS = { smallIconUri: 'icon-108.png', largeIconUri: 'icon-512.png' };

class SkillPackageError extends Error {}

/** The stage the Jovo CLI builds for: --stage, else JOVO_STAGE, else NODE_ENV (as @jovotech/cli-core reads it). */
function jovoStage(argv = process.argv, env = process.env) {
  const flag = argv.indexOf('--stage');
  return flag >= 0 ? argv[flag + 1] : (env.JOVO_STAGE ?? env.NODE_ENV);
}

function isProductionStage(stage) {
  return stage === 'prod' || stage === 'production';
}

/** The settings of a build: all of them from the environment in production, or the build fails naming each missing one. */
function skillSettings(env = process.env, production = isProductionStage(jovoStage(process.argv, env))) {
  if (!production) return Object.fromEntries(Object.keys(DEVELOPMENT_SETTINGS).map((name) => [name, env[name] || DEVELOPMENT_SETTINGS[name]]));
  const missing = Object.keys(PRODUCTION_SETTINGS).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new SkillPackageError(
      `A production skill package needs ${missing.map((name) => `${name} (${PRODUCTION_SETTINGS[name]})`).join(', ')}. Set them and build again.`,
    );
  }
  const insecure = Object.keys(PRODUCTION_SETTINGS).filter((name) => name.endsWith('_URL') && !env[name].startsWith('https://'));
  if (insecure.length > 0) throw new SkillPackageError(`${insecure.join(', ')} must be https URLs.`);
  return Object.fromEntries(Object.keys(PRODUCTION_SETTINGS).map((name) => [name, env[name]]));
}

/** One locale's store entry from the `skillStore` texts of locales/<language>.json. */
function storeEntry(language) {
  const { skillStore } = require(`../locales/${language}.json`);
  return {
    name: 'CareVoice',
    summary: skillStore.summary,
    description: skillStore.description,
    examplePhrases: skillStore.examplePhrases,
    keywords: skillStore.keywords,
    smallIconUri: `file://assets/images/${ICONS.smallIconUri}`,
    largeIconUri: `file://assets/images/${ICONS.largeIconUri}`,
  };
}

function publishedLocales() {
  return Object.entries(alexaLocales).flatMap(([language, locales]) => locales.map((locale) => [locale, language]));
}

function testingInstructions(settings) {
  return [
    `Link the account with the test account ${settings.ALEXA_TEST_ACCOUNT}.`,
    'It holds three currencies and recent transactions; a held high-risk transfer is waiting, so the launch opens the security alert (say "cancel it" or "stop": the money stays held).',
    'Try: "what is my balance", "report fraud", "freeze my wallet" (undo it in the app or with the voice code), "is this number really yours", "talk to a person".',
  ].join(' ');
}

/** The files the Jovo CLI writes into build/platform.alexa (its `files` option). */
function skillPackageFiles(settings) {
  const locales = publishedLocales();
  return {
    'skill-package/skill.json': {
      manifest: {
        manifestVersion: '1.0',
        publishingInformation: {
          locales: Object.fromEntries(locales.map(([locale, language]) => [locale, storeEntry(language)])),
          category: 'ORGANIZERS_AND_ASSISTANTS',
          distributionCountries: [],
          isAvailableWorldwide: true,
          testingInstructions: testingInstructions(settings),
        },
        apis: { custom: { endpoint: endpointOf(settings.SKILL_ENDPOINT) } },
        permissions: [{ name: 'alexa::devices:all:notifications:write' }],
        events: {
          endpoint: endpointOf(settings.SKILL_ENDPOINT),
          publications: PUBLISHED_EVENTS.map((eventName) => ({ eventName })),
          subscriptions: SUBSCRIBED_EVENTS.map((eventName) => ({ eventName })),
        },
        privacyAndCompliance: {
          allowsPurchases: false,
          usesPersonalInfo: true,
          isChildDirected: false,
          isExportCompliant: true,
          containsAds: false,
          locales: Object.fromEntries(
            locales.map(([locale]) => [locale, { privacyPolicyUrl: settings.PRIVACY_POLICY_URL, termsOfUseUrl: settings.TERMS_OF_USE_URL }]),
          ),
        },
      },
    },
    'skill-package/accountLinking.json': {
      accountLinkingRequest: {
        type: 'AUTH_CODE',
        authorizationUrl: settings.ACCOUNT_LINKING_AUTHORIZATION_URL,
        accessTokenUrl: settings.ACCOUNT_LINKING_TOKEN_URL,
        clientId: settings.ACCOUNT_LINKING_CLIENT_ID,
        // The client secret is never in the repository: set it once with `ask smapi update-account-linking-info`.
        accessTokenScheme: 'HTTP_BASIC',
        scopes: SCOPES,
        domains: [],
        skipOnEnablement: false,
      },
    },
  };
}

/** An ARN is a Lambda; anything else an HTTPS endpoint with a certificate from a trusted authority. */
function endpointOf(uri) {
  return uri.startsWith('arn:') ? { uri } : { uri, sslCertificateType: 'Trusted' };
}

/** Copies the icons into the built skill package, where the manifest's file:// URIs point. */
function copyIcons(skillPackageDir) {
  const imagesDir = join(skillPackageDir, 'assets', 'images');
  mkdirSync(imagesDir, { recursive: true });
  for (const file of Object.values(ICONS)) copyFileSync(join(ICONS_DIR, file), join(imagesDir, file));
}

/** Intents whose bare answers the skill elicits (src/skill/alexa/elicitation.ts): slot, and the locale key of the question. */
const ELICITED_SLOTS = require('../src/skill/alexa/elicited-slots.json');

/** A sample with its slots blanked: two intents with one shape cannot be told apart by Alexa. */
function shapeOf(sample) {
  return sample
    .toLowerCase()
    .replace(/\{\w+\}/g, '{}')
    .trim();
}

function plainText(text) {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Bare answers ("{code}", "it's {phone}", "it was {scamType}") move from the intents' samples into
 * the slots' own samples, with a dialog model and its prompts: Alexa then fills them where the
 * skill elicits that slot (Dialog.ElicitSlot), and no two intents share a sample shape.
 */
function addElicitation(skillPackageDir) {
  const dir = join(skillPackageDir, 'interactionModels', 'custom');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const path = join(dir, file);
    const model = JSON.parse(readFileSync(path, 'utf8'));
    const { languageModel } = model.interactionModel;
    const texts = require(`../locales/${file.slice(0, 2)}.json`);
    const dialogIntents = [];
    const prompts = [];
    for (const intent of languageModel.intents.filter((candidate) => ELICITED_SLOTS[candidate.name])) {
      const { slot: slotName, prompt } = ELICITED_SLOTS[intent.name];
      const otherShapes = new Set(languageModel.intents.filter((other) => other !== intent).flatMap((other) => (other.samples ?? []).map(shapeOf)));
      const slot = intent.slots.find((candidate) => candidate.name === slotName);
      const bare = intent.samples.filter((sample) => otherShapes.has(shapeOf(sample)) || shapeOf(sample) === '{}');
      intent.samples = intent.samples.filter((sample) => !bare.includes(sample));
      slot.samples = bare;
      const promptId = `Elicit.Slot.${intent.name}.${slotName}`;
      const question = prompt.split('.').reduce((node, key) => node[key], texts);
      prompts.push({ id: promptId, variations: [{ type: 'PlainText', value: plainText(question) }] });
      dialogIntents.push({
        name: intent.name,
        confirmationRequired: false,
        prompts: {},
        slots: [{ name: slotName, type: slot.type, elicitationRequired: true, confirmationRequired: false, prompts: { elicitation: promptId } }],
      });
    }
    model.interactionModel.dialog = { intents: dialogIntents, delegationStrategy: 'SKILL_RESPONSE' };
    model.interactionModel.prompts = prompts;
    writeFileSync(path, `${JSON.stringify(model, null, 2)}\n`);
  }
}

/**
 * Slot types no Alexa slot uses (CONTACT_NAME feeds only the web NLU; Alexa hears names as
 * AMAZON.FirstName) are left out of the built interaction models: certification flags them.
 */
function pruneUnusedSlotTypes(skillPackageDir) {
  const dir = join(skillPackageDir, 'interactionModels', 'custom');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const path = join(dir, file);
    const model = JSON.parse(readFileSync(path, 'utf8'));
    const { languageModel } = model.interactionModel;
    const used = new Set(languageModel.intents.flatMap((intent) => (intent.slots ?? []).map((slot) => slot.type)));
    languageModel.types = (languageModel.types ?? []).filter((type) => used.has(type.name));
    writeFileSync(path, `${JSON.stringify(model, null, 2)}\n`);
  }
}

module.exports = {
  skillSettings,
  skillPackageFiles,
  copyIcons,
  pruneUnusedSlotTypes,
  addElicitation,
  shapeOf,
  jovoStage,
  isProductionStage,
  SkillPackageError,
  PRODUCTION_SETTINGS,
  SUBSCRIBED_EVENTS,
};
