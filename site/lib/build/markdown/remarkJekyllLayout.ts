/**
 * remark plugin: Jekyll's `layout: post` names a Jekyll template, but Astro's MDX compiler would import it as a layout
 * component. Posts are laid out by their route, so the name is dropped from what the compiler sees (the content
 * collection still validates it).
 */
import type { RemarkPlugin } from '@astrojs/markdown-remark';

export const remarkJekyllLayout: RemarkPlugin<[]> = () => {
  return (_tree, file) => {
    const frontmatter = (file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
    if (frontmatter && 'layout' in frontmatter) delete frontmatter.layout;
  };
};
