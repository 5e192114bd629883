/** Lets plain `tsc --noEmit` (in `npm run check`) type `.ts` files that import `.astro` components; `astro check` resolves the real types. */
declare module '*.astro' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';

  const component: AstroComponentFactory;
  export default component;
}
