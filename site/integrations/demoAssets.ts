/**
 * Astro integration: serves the demos' files from our own origin. In dev a middleware streams them from
 * node_modules/onnxruntime-web and models-onnx; at build time they are copied into dist (ORT under a version folder,
 * so the JS and its wasm always match). The gallery binary and its thumbnails are generated from the committed test set.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { generatedFiles, servedFiles } from '../lib/build/demoFiles.ts';

export function demoAssets(): AstroIntegration {
  return {
    name: 'receptive:demo-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
          const made = generatedFiles().find((f) => f.url === pathname);
          if (made) {
            response.setHeader('Content-Type', made.contentType);
            response.end(Buffer.from(made.bytes));
            return;
          }
          const file = servedFiles().find((f) => f.url === pathname);
          if (!file) return next();
          response.setHeader('Content-Type', file.contentType);
          createReadStream(file.source)
            .on('error', () => {
              response.statusCode = 404;
              response.end();
            })
            .pipe(response);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const files = servedFiles();
        for (const file of files) {
          const target = path.join(out, file.url);
          await mkdir(path.dirname(target), { recursive: true });
          await copyFile(file.source, target);
        }
        for (const made of generatedFiles()) {
          const target = path.join(out, made.url);
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, made.bytes);
        }
        logger.info(`copied ${files.length} demo files (onnxruntime-web, models) and wrote the gallery binary and thumbnails`);
      },
    },
  };
}
