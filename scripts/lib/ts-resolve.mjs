/** Lets Node's built-in TypeScript stripping run scripts that import site modules written for Vite (extensionless relative imports). */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const relative = /^\.{1,2}\//;
const hasExtension = /\.[cm]?[jt]sx?$|\.json$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (relative.test(specifier) && !hasExtension.test(specifier) && context.parentURL) {
      for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
        const url = new URL(candidate, context.parentURL);
        if (existsSync(fileURLToPath(url))) return nextResolve(candidate, context);
      }
    }
    return nextResolve(specifier, context);
  },
});
