// Buttons of the Jovo debugger (`npm run dev`). The same list feeds the local voice console,
// so both test benches offer the same requests.
const { DebuggerConfig } = require('@jovotech/plugin-debugger');
const { languages } = require('./src/shared/language-table.json');
const quickRequests = require('./src/skill/web/quick-requests.json');

module.exports = new DebuggerConfig({
  locales: languages,
  buttons: quickRequests,
});
