#!/usr/bin/env node
// The command: a thin launcher for the bundled program in dist/.
import('../dist/cli.js').then((m) => m.cli());
