/**
 * Vitest, in two projects grouped by cost. `unit` (tests/unit, tests/models) needs no build, so
 * `npm test -- tests/unit` is a fast inner loop; `site` (tests/build, tests/e2e) reads the built site, made by ONE
 * shared `astro build` (tests/helpers/build-site.ts) that runs only when a `site` test file is selected.
 */
import { defineConfig } from 'vitest/config';

const shared = { testTimeout: 120_000, hookTimeout: 300_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/models/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'site',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/build-site.ts'],
        },
      },
    ],
  },
});
