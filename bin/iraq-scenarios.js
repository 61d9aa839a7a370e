#!/usr/bin/env node
// The command: a thin launcher for the built program (dist/launch.cjs, then
// dist/cli.cjs; src/cli/launch.ts). CommonJS (bin/package.json says so):
// Node starts a CommonJS file without its ES module loader, ~6 ms sooner.
require('../dist/launch.cjs').launch();
