/** Vitest: every test under tests/, with one shared `astro build` (tests/helpers/build-site.ts) before any test runs. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/build-site.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
