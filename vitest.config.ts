import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The built command (tests/helpers.ts runIn) loads as Node loads it, untransformed.
    server: { deps: { external: [/\/dist\//] } },
  },
});
