/**
 * Astro integration: writes dist/sw.js, the service worker that keeps what a demo page used for offline return visits,
 * versioned by a hash of the build. Listed last in astro.config.mjs so every other integration's files are in the hash.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildVersion, SERVICE_WORKER_URL, serviceWorkerSource } from '../lib/build/serviceWorker.ts';

export function offlineCache(): AstroIntegration {
  return {
    name: 'receptive:offline-cache',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const version = buildVersion(out);
        await writeFile(path.join(out, SERVICE_WORKER_URL), serviceWorkerSource(version));
        logger.info(`wrote ${SERVICE_WORKER_URL} for build ${version}`);
      },
    },
  };
}
