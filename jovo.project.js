// Jovo CLI project configuration: `npx jovo build:platform alexa` writes the Alexa
// interaction model of every Alexa locale from models/<language>.json.
const { ProjectConfig } = require('@jovotech/cli-core');
const { AlexaCli } = require('@jovotech/platform-alexa');

// Alexa has no Chinese: zh is served by the web platform only.
const ALEXA_LOCALES = {
  en: ['en-US', 'en-GB', 'en-AU', 'en-CA', 'en-IN'],
  de: ['de-DE'],
  es: ['es-ES', 'es-MX', 'es-US'],
  fr: ['fr-FR', 'fr-CA'],
  ja: ['ja-JP'],
};

module.exports = new ProjectConfig({
  endpoint: process.env.SKILL_ENDPOINT || 'https://skill.carevoice.example/webhook',
  models: { directory: 'models' },
  plugins: [
    new AlexaCli({
      locales: ALEXA_LOCALES,
      files: {
        'skill-package/skill.json': {
          manifest: {
            publishingInformation: {
              locales: {
                'en-US': { name: 'CareVoice' },
              },
            },
            permissions: [{ name: 'alexa::devices:all:notifications:write' }],
          },
        },
      },
    }),
  ],
});
