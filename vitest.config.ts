import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A folder the run's files share, removed at its end (the packed package: tests/package.ts).
    globalSetup: ['tests/global-setup.ts'],
    // One module graph per worker rather than one per test file: no test mocks
    // a module, stubs a global or changes process.env, so files cannot see each
    // other's state; re-importing src/ for each of ~50 files was ~45 s of CPU
    // (about a fifth of the suite on two cores).
    isolate: false,
    // One worker per core (vitest's default leaves one core out): much of the
    // suite is a worker waiting for a child process, so a second worker on two
    // cores keeps them busy (measured: 145 s against 175 s, back to back).
    maxWorkers: availableParallelism(),
    // The built command (tests/helpers.ts runIn) loads as Node loads it, untransformed.
    server: { deps: { external: [/\/dist\//] } },
  },
});
