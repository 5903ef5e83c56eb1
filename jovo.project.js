// Jovo CLI project configuration: `npx jovo build:platform alexa` writes the Alexa interaction
// model of every Alexa locale from models/<language>.json, and the skill manifest from the
// `skillStore` texts of locales/<language>.json.
const { ProjectConfig } = require('@jovotech/cli-core');
const { AlexaCli } = require('@jovotech/platform-alexa');
const { alexaLocales } = require('./src/shared/language-table.json');

function storeEntry(language) {
  const { skillStore } = require(`./locales/${language}.json`);
  return {
    name: 'CareVoice',
    summary: skillStore.summary,
    description: skillStore.description,
    examplePhrases: skillStore.examplePhrases,
    keywords: skillStore.keywords,
  };
}

const publishedLocales = Object.fromEntries(
  Object.entries(alexaLocales).flatMap(([language, locales]) => locales.map((locale) => [locale, storeEntry(language)])),
);

module.exports = new ProjectConfig({
  // The deployed skill's HTTPS endpoint; set it explicitly (the CLI's default is a random id).
  endpoint: process.env.SKILL_ENDPOINT || 'https://carevoice.example.com/webhook',
  models: { directory: 'models' },
  plugins: [
    new AlexaCli({
      // Every model file is built unless mapped; zh (web only) maps to no Alexa locale.
      locales: { ...alexaLocales, zh: [] },
      files: {
        'skill-package/skill.json': {
          manifest: {
            publishingInformation: { locales: publishedLocales, category: 'ORGANIZERS_AND_ASSISTANTS' },
            permissions: [{ name: 'alexa::devices:all:notifications:write' }],
            privacyAndCompliance: {
              allowsPurchases: false,
              usesPersonalInfo: true,
              isChildDirected: false,
              isExportCompliant: true,
              containsAds: false,
            },
          },
        },
      },
    }),
  ],
});
