/**
 * The environment of a production build. Under vitest, process.env carries DEV=1, MODE=test, NODE_ENV=test (vitest's
 * import.meta.env); a child `astro build` would read them and, for one, show drafts as the dev server does.
 */
export function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'TEST', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID'])
    delete env[key];
  return env;
}
