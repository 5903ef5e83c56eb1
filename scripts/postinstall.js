// Repairs two packaging faults of the locally installed Jovo CLI.
const fs = require('fs');
const path = require('path');

const scope = path.join(__dirname, '..', 'node_modules', '@jovotech');

// The CLI looks for its command plugins under node_modules/@jovotech/@jovotech/.
const pluginLink = path.join(scope, '@jovotech');
if (fs.existsSync(scope) && !fs.existsSync(pluginLink)) {
  fs.symlinkSync('.', pluginLink, 'dir');
}

// Its bin script ships with Windows line endings, so `#!/usr/bin/env node\r` fails on Linux.
const cliBin = path.join(scope, 'cli', 'bin', 'run');
if (fs.existsSync(cliBin)) {
  const script = fs.readFileSync(cliBin, 'utf8');
  if (script.includes('\r\n')) fs.writeFileSync(cliBin, script.replace(/\r\n/g, '\n'));
}
