import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Node reads the certificate file NODE_EXTRA_CA_CERTS names at every start
// (a system bundle, as some machines and CI images set it: ~90 ms of CPU a
// process here). Nothing in the suite makes a TLS connection (npm runs
// --offline), so the test workers and the ~100 processes they start go
// without it. Set before the workers are forked, which inherit this environment.
delete process.env.NODE_EXTRA_CA_CERTS;

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
