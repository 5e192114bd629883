/**
 * remark plugin: Jekyll's `layout: post` names a Jekyll template, but Astro's MDX compiler would import it as a layout
 * component. Posts are laid out by their route, so the name is dropped from what the compiler sees (the content
 * collection still validates it).
 */
interface AstroVFile {
  data: { astro?: { frontmatter?: Record<string, unknown> } };
}

export function remarkJekyllLayout() {
  return (_tree: unknown, file: AstroVFile) => {
    const frontmatter = file.data.astro?.frontmatter;
    if (frontmatter && 'layout' in frontmatter) delete frontmatter.layout;
  };
}
