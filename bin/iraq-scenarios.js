#!/usr/bin/env node
// The command: a thin launcher for the built program (dist/launch.cjs, then
// dist/cli.cjs; src/cli/launch.ts). CommonJS (bin/package.json says so):
// Node starts a CommonJS file without its ES module loader, ~6 ms sooner.
let launcher;
try {
  launcher = require('../dist/launch.cjs');
} catch (err) {
  // Not built (a fresh clone before `npm run build`), or the build is damaged: one line, exit 1, no stack trace.
  const why = err && err.code === 'MODULE_NOT_FOUND' ? 'dist/launch.cjs is missing' : String((err && err.message) || err).split('\n')[0];
  process.stderr.write(`iraq-scenarios: cannot start the program: ${why}; build it first (npm run build)\n`);
  process.exitCode = 1;
}
if (launcher) launcher.launch();
