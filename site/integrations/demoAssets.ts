/**
 * Astro integration: serves the demos' files from our own origin. In dev a middleware streams them from
 * node_modules/onnxruntime-web and models-onnx; at build time they are copied into dist (ORT under a version folder,
 * so the JS and its wasm always match). The gallery binary is generated from the committed test set.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { galleryBinary, galleryInfo, servedFiles } from '../lib/build/demoFiles.ts';

export function demoAssets(): AstroIntegration {
  return {
    name: 'receptive:demo-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
          if (pathname === galleryInfo().asset.url) {
            response.setHeader('Content-Type', 'application/octet-stream');
            response.end(Buffer.from(galleryBinary().bytes));
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
        const gallery = path.join(out, galleryInfo().asset.url);
        await mkdir(path.dirname(gallery), { recursive: true });
        await writeFile(gallery, galleryBinary().bytes);
        logger.info(`copied ${files.length} demo files (onnxruntime-web, models) and the gallery binary`);
      },
    },
  };
}
