// Jovo CLI project configuration: `npx jovo build:platform alexa` writes the Alexa interaction
// model of every Alexa locale from models/<language>.json, and the skill package (manifest,
// account linking, icons) from scripts/alexa-skill-package.js. `--stage prod` builds the package
// for certification and fails, naming what is missing, unless every setting is in the environment.
const { join } = require('node:path');
const { JovoCli, ProjectConfig } = require('@jovotech/cli-core');
const { AlexaCli } = require('@jovotech/platform-alexa');
const { alexaLocales } = require('./src/shared/language-table.json');
const { addElicitation, copyIcons, pruneUnusedSlotTypes, skillPackageFiles, skillSettings } = require('./scripts/alexa-skill-package');

const settings = skillSettings();

module.exports = new ProjectConfig({
  endpoint: settings.SKILL_ENDPOINT,
  models: { directory: 'models' },
  plugins: [
    new AlexaCli({
      // Every model file is built unless mapped; zh (web only) maps to no Alexa locale.
      locales: { ...alexaLocales, zh: [] },
      skillId: settings.ALEXA_SKILL_ID || undefined,
      files: skillPackageFiles(settings),
    }),
  ],
  hooks: {
    // The manifest points at the icons inside the package (file://assets/images/...).
    'after.build:platform': [
      () => {
        const skillPackage = join(JovoCli.getInstance().project.getBuildPath(), 'platform.alexa', 'skill-package');
        copyIcons(skillPackage);
        pruneUnusedSlotTypes(skillPackage);
        addElicitation(skillPackage);
      },
    ],
  },
});
