/**
 * Merges mermaid's light and dark renderings of one diagram into one SVG whose colours are CSS custom properties that
 * follow the page theme, and drops what a static page never uses (unused markers, CSS rules and data attributes,
 * per-word text spans, layout-only links, the groups around each node and label, float noise), so a diagram costs one
 * copy in the page instead of two, in as few elements as draw it.
 */
import { type DefaultTreeAdapterTypes, parseFragment, serialize } from 'parse5';

type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

type CssItem = { kind: 'rule'; prelude: string; items: CssItem[] } | { kind: 'decl'; prop: string; value: string };

/** The dark theme is the page's when it was chosen, or when the system prefers it and the reader chose nothing. */
const DARK_SELECTORS = [':root[data-theme="dark"]', '@media (prefers-color-scheme:dark){:root:not([data-theme="light"])'] as const;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function elements(root: ParentNode, out: Element[] = []): Element[] {
  for (const child of root.childNodes) {
    if (isElement(child)) {
      out.push(child);
      elements(child, out);
    }
  }
  return out;
}

function parseSvg(svg: string, which: string): Element {
  const root = parseFragment(svg).childNodes.find(isElement);
  if (root?.tagName !== 'svg') throw new Error(`${which} rendering is not an <svg> element`);
  return root;
}

/** mermaid's one `<style>` element, taken out of the tree. */
function takeStyle(svg: Element, which: string): string {
  const style = svg.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'style');
  if (!style) throw new Error(`${which} rendering has no <style> element`);
  svg.childNodes.splice(svg.childNodes.indexOf(style), 1);
  return style.childNodes.map((n) => ('value' in n ? n.value : '')).join('');
}

/**
 * A small CSS reader for mermaid's minified stylesheets: rules, nested at-rules and declarations; quoted strings kept whole.
 * @example parseCss('#a .b{fill:#333;stroke:red}') // [{ kind: 'rule', prelude: '#a .b', items: [fill, stroke] }]
 */
export function parseCss(css: string): CssItem[] {
  let i = 0;
  const block = (): CssItem[] => {
    const items: CssItem[] = [];
    let buffer = '';
    const flushDeclaration = () => {
      const text = buffer.trim();
      buffer = '';
      if (!text) return;
      const colon = text.indexOf(':');
      if (colon < 0) throw new Error(`mermaid CSS: "${text}" is neither a rule nor a declaration`);
      items.push({ kind: 'decl', prop: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() });
    };
    while (i < css.length) {
      const c = css[i] as string;
      if (c === '"' || c === "'") {
        const end = css.indexOf(c, i + 1);
        if (end < 0) throw new Error('mermaid CSS: unterminated string');
        buffer += css.slice(i, end + 1);
        i = end + 1;
      } else if (c === '{') {
        i += 1;
        const prelude = buffer.trim();
        buffer = '';
        items.push({ kind: 'rule', prelude, items: block() });
      } else if (c === '}') {
        i += 1;
        flushDeclaration();
        return items;
      } else if (c === ';') {
        i += 1;
        flushDeclaration();
      } else {
        buffer += c;
        i += 1;
      }
    }
    flushDeclaration();
    return items;
  };
  return block();
}

function serializeCss(items: readonly CssItem[]): string {
  return items
    .map((item) => (item.kind === 'decl' ? `${item.prop}:${item.value};` : `${item.prelude}{${serializeCss(item.items)}}`))
    .join('');
}

/** Pairs of (light, dark) values that differ, each becoming one custom property. */
class ThemePairs {
  readonly pairs: [string, string][] = [];
  private readonly index = new Map<string, number>();
  name(light: string, dark: string): string {
    const key = `${light}\u0000${dark}`;
    let n = this.index.get(key);
    if (n === undefined) {
      n = this.pairs.length;
      this.pairs.push([light, dark]);
      this.index.set(key, n);
    }
    return `--mmd-${n}`;
  }
}

const IMPORTANT = /\s*!important$/;

/** The light stylesheet with every value that differs in the dark one replaced by a custom property. */
function mergeCss(light: CssItem[], dark: CssItem[], pairs: ThemePairs, where = 'stylesheet'): CssItem[] {
  if (light.length !== dark.length) throw new Error(`light and dark ${where} differ in shape (${light.length} vs ${dark.length} items)`);
  return light.map((l, i) => {
    const d = dark[i] as CssItem;
    if (l.kind === 'rule' && d.kind === 'rule' && l.prelude === d.prelude) {
      return { ...l, items: mergeCss(l.items, d.items, pairs, `rule "${l.prelude}"`) };
    }
    if (l.kind === 'decl' && d.kind === 'decl' && l.prop === d.prop) {
      if (l.value === d.value) return l;
      const important = IMPORTANT.test(l.value) && IMPORTANT.test(d.value) ? '!important' : '';
      const strip = (v: string) => (important ? v.replace(IMPORTANT, '') : v);
      return { ...l, value: `var(${pairs.name(strip(l.value), strip(d.value))})${important}` };
    }
    throw new Error(`light and dark ${where} differ in more than colours at item ${i}`);
  });
}

/** A selector that can match nothing in this SVG: it names a class or an element type the SVG does not have. */
function deadSelector(selector: string, classes: ReadonlySet<string>, tags: ReadonlySet<string>): boolean {
  const bare = selector.replace(/\[[^\]]*\]/g, '[]').replace(/"[^"]*"/g, '""');
  for (const [, name] of bare.matchAll(/\.([\w-]+)/g)) if (!classes.has(name as string)) return true;
  for (const [, name] of bare.matchAll(/(?:^|[\s>+~])([a-zA-Z][\w-]*)/g)) if (!tags.has((name as string).toLowerCase())) return true;
  return false;
}

/** Drops rules (and selectors of a list) that match nothing, then keyframes no remaining rule animates with. */
function pruneCss(items: CssItem[], classes: ReadonlySet<string>, tags: ReadonlySet<string>): CssItem[] {
  const pruned: CssItem[] = [];
  for (const item of items) {
    if (item.kind === 'decl' || item.prelude.startsWith('@')) {
      pruned.push(
        item.kind === 'rule' && item.prelude.startsWith('@media') ? { ...item, items: pruneCss(item.items, classes, tags) } : item,
      );
      continue;
    }
    // A comma inside parentheses (:is(), :not()) would split wrongly: keep such a rule whole.
    if (/\(/.test(item.prelude)) {
      pruned.push(item);
      continue;
    }
    const live = item.prelude.split(',').filter((s) => !deadSelector(s.trim(), classes, tags));
    if (live.length) pruned.push({ ...item, prelude: live.join(',') });
  }
  const text = serializeCss(pruned.filter((item) => !(item.kind === 'rule' && item.prelude.startsWith('@keyframes'))));
  return pruned.filter((item) => {
    if (item.kind !== 'rule' || !item.prelude.startsWith('@keyframes')) return true;
    const name = item.prelude.slice('@keyframes'.length).trim();
    return new RegExp(`[:\\s,]${name.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}(?![\\w-])`).test(text);
  });
}

/** The custom properties that `text` uses, renumbered from 0, with the rules that set them per theme. */
function themeRules(text: string, id: string, pairs: ThemePairs): { renumber: (value: string) => string; rules: string } {
  const used = [...new Set([...text.matchAll(/var\(--mmd-(\d+)\)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const order = new Map(used.map((old, n) => [old, n]));
  const renumber = (value: string) => value.replace(/var\(--mmd-(\d+)\)/g, (_, n: string) => `var(--mmd-${order.get(Number(n))})`);
  if (used.length === 0) return { renumber, rules: '' };
  const declarations = (theme: 0 | 1) => used.map((old, n) => `--mmd-${n}:${(pairs.pairs[old] as [string, string])[theme]};`).join('');
  const dark = declarations(1);
  const rules = [`#${id}{${declarations(0)}}`, `${DARK_SELECTORS[0]} #${id}{${dark}}`, `${DARK_SELECTORS[1]} #${id}{${dark}}}`].join('');
  return { renumber, rules };
}

/** Presentation attributes that hold a colour, which a theme may change; each moves into `style` as a custom property. */
const COLOUR_ATTRIBUTES = new Set(['fill', 'stroke', 'color', 'flood-color', 'stop-color', 'lighting-color']);

/** Walks both trees together; a colour attribute that differs becomes a custom property, anything else that differs throws. */
function mergeTrees(light: Node, dark: Node, pairs: ThemePairs, path: string): void {
  if (light.nodeName !== dark.nodeName)
    throw new Error(`light and dark renderings differ at ${path}: <${light.nodeName}> vs <${dark.nodeName}>`);
  if ('value' in light && 'value' in dark && light.value !== dark.value)
    throw new Error(`light and dark renderings differ in text at ${path}`);
  if (!isElement(light) || !isElement(dark)) return;
  const darkAttrs = new Map(dark.attrs.map((a) => [a.name, a.value]));
  if (darkAttrs.size !== light.attrs.length) throw new Error(`light and dark renderings differ in the attributes of ${path}`);
  const moved: string[] = [];
  light.attrs = light.attrs.filter((a) => {
    const other = darkAttrs.get(a.name);
    if (other === a.value) return true;
    if (other !== undefined && a.name === 'style') {
      const merged = mergeCss(parseCss(a.value), parseCss(other), pairs, `${path}'s style`);
      moved.push(...merged.map((item) => (item.kind === 'decl' ? `${item.prop}:${item.value}` : '')).filter(Boolean));
      return false;
    }
    if (other === undefined || !COLOUR_ATTRIBUTES.has(a.name)) {
      throw new Error(`light and dark renderings differ in ${path}'s ${a.name}: "${a.value}" vs "${other ?? '(none)'}"`);
    }
    moved.push(`${a.name}:var(${pairs.name(a.value, other)})`);
    return false;
  });
  if (moved.length) {
    const style = light.attrs.find((a) => a.name === 'style');
    const declarations = [style?.value.trim().replace(/;$/, ''), ...moved].filter(Boolean).join(';');
    if (style) style.value = declarations;
    else light.attrs.push({ name: 'style', value: declarations });
  }
  if (light.childNodes.length !== dark.childNodes.length) throw new Error(`light and dark renderings differ in the children of ${path}`);
  light.childNodes.forEach((child, i) => {
    mergeTrees(child, dark.childNodes[i] as Node, pairs, `${path} > ${child.nodeName}`);
  });
}

/** Elements drawn only where something refers to them by `url(#id)`. */
const DEFINITIONS = new Set(['marker', 'filter', 'linearGradient', 'radialGradient', 'pattern', 'clipPath', 'mask']);

const NUMERIC_ATTRIBUTES = new Set([
  'd',
  'transform',
  'points',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'width',
  'height',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'style',
  'viewBox',
]);

/** `97.5999984741211` → `97.6`: two decimals are far below a pixel at any zoom a reader uses. */
function roundNumbers(value: string): string {
  return value.replace(/-?\d+\.\d{3,}/g, (n) => String(Number(Number(n).toFixed(2))));
}

function removeChild(parent: ParentNode, child: Node): void {
  parent.childNodes.splice(parent.childNodes.indexOf(child), 1);
}

function replaceWith(parent: ParentNode, child: Node, replacement: Node[]): void {
  const index = parent.childNodes.indexOf(child);
  parent.childNodes.splice(index, 1, ...replacement);
  for (const node of replacement) node.parentNode = parent as DefaultTreeAdapterTypes.ParentNode;
}

/** A `<tspan>` per word with default font style and weight says nothing its row does not: keep only the words. */
function collapseWordSpans(row: Element): void {
  const words = row.childNodes;
  const plain = words.every(
    (w) =>
      isElement(w) &&
      w.tagName === 'tspan' &&
      (attr(w, 'font-style') ?? 'normal') === 'normal' &&
      (attr(w, 'font-weight') ?? 'normal') === 'normal' &&
      w.childNodes.every((t) => t.nodeName === '#text'),
  );
  if (!plain || words.length === 0) return;
  const text = words.map((w) => (w as Element).childNodes.map((t) => (t as DefaultTreeAdapterTypes.TextNode).value).join('')).join('');
  row.childNodes = [{ nodeName: '#text', value: text, parentNode: row } as DefaultTreeAdapterTypes.TextNode];
}

/** For each data attribute the stylesheet selects by, the compounds it appears in: `rect[data-look].node` → rect, [node]. */
function attributeSelectors(css: string): Map<string, { tag: string; classes: string[] }[]> {
  const found = new Map<string, { tag: string; classes: string[] }[]>();
  for (const m of css.matchAll(/([a-zA-Z][\w-]*)?((?:\.[\w-]+)*)\[(data-[\w-]+)[^\]]*\]((?:\.[\w-]+)*)/g)) {
    const classes = `${m[2] ?? ''}${m[4] ?? ''}`.split('.').filter(Boolean);
    found.set(m[3] as string, [...(found.get(m[3] as string) ?? []), { tag: m[1] ?? '', classes }]);
  }
  return found;
}

function selects(compound: { tag: string; classes: string[] }, tag: string, classes: ReadonlySet<string>): boolean {
  return (compound.tag === '' || compound.tag === tag) && compound.classes.every((c) => classes.has(c));
}

/**
 * An inline style without spaces, empty declarations, or `stroke-dashoffset: 0` (the initial value) where no rule
 * sets another: mermaid writes `stroke-dasharray: 0 0 206.17 4; stroke-dashoffset: 0;;` on every edge.
 * @example slimStyle('stroke-dasharray: 0 0 9 4; stroke-dashoffset: 0;;', '') // 'stroke-dasharray:0 0 9 4'
 */
export function slimStyle(style: string, css: string): string {
  return style
    .split(';')
    .map((d) => d.split(':').map((part) => part.trim()))
    .filter(([prop, value]) => prop && value !== undefined && value !== '')
    .filter(([prop, value]) => !(prop === 'stroke-dashoffset' && value === '0' && !css.includes('stroke-dashoffset')))
    .map(([prop, ...value]) => `${prop}:${value.join(':')}`)
    .join(';');
}

/** A label row's `y="-0.1em" dy="1.1em"` is `y="1em"`: both in em, relative to the same text. */
function foldRowOffset(element: Element): void {
  const y = attr(element, 'y');
  const dy = attr(element, 'dy');
  if (element.tagName !== 'tspan' || !y?.endsWith('em') || !dy?.endsWith('em')) return;
  const sum = Number((Number.parseFloat(y) + Number.parseFloat(dy)).toFixed(2));
  element.attrs = element.attrs.filter((a) => a.name !== 'dy').map((a) => (a.name === 'y' ? { ...a, value: `${sum}em` } : a));
}

/**
 * A `<text>` whose one child is a `<tspan>` row holding only a position (and the text's own anchor) and words: the row's
 * position moves onto the text, which then holds the words, one element instead of two (mermaid's one-line labels). The
 * row's absolute x and y placed every glyph, so the text's own, which placed none, give way to them.
 */
function foldSingleRow(text: Element): void {
  const [row, ...rest] = text.childNodes;
  if (!row || rest.length > 0 || !isElement(row) || row.tagName !== 'tspan') return;
  if (!row.childNodes.every((n) => n.nodeName === '#text')) return;
  const anchor = attr(text, 'text-anchor');
  const positionOnly = row.attrs.every(
    (a) => a.name === 'x' || a.name === 'y' || (a.name === 'text-anchor' && (anchor === undefined || anchor === a.value)),
  );
  if (!positionOnly) return;
  text.attrs = [...text.attrs.filter((a) => !row.attrs.some((r) => r.name === a.name)), ...row.attrs];
  text.childNodes = row.childNodes;
  for (const node of text.childNodes) node.parentNode = text;
}

/**
 * Every id but the root's, renamed `<root>-0`, `<root>-1`, …: mermaid's marker ids (`<root>_flowchart-v2-pointEnd-margin`)
 * are repeated in every edge that points at them.
 */
function shortIds(markup: string, root: string): string {
  const ids = [...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string).filter((id) => id !== root);
  const renamed = new Map(ids.map((id, i) => [id, `${root}-${i.toString(36)}`]));
  if (renamed.size === 0) return markup;
  const alternatives = [...renamed.keys()].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<=[#"])(${alternatives.join('|')})(?![\\w-])`, 'g');
  return markup.replace(pattern, (id) => renamed.get(id) ?? id);
}

/** Removes, in place, what renders nothing or serves only mermaid's own scripts. */
function slimTree(svg: Element, css: string, themeValues: string): void {
  const all = elements(svg);
  // Markers, filters and gradients that nothing points at.
  const referenced = new Set<string>();
  const references = [css, themeValues, ...all.flatMap((element) => element.attrs.map((a) => a.value))].join('\n');
  for (const [, id] of references.matchAll(/url\(#([^)]+)\)/g)) referenced.add(id as string);
  for (const element of all) {
    const parent = element.parentNode as ParentNode | null;
    if (!parent) continue;
    if (DEFINITIONS.has(element.tagName) && !referenced.has(attr(element, 'id') ?? '')) removeChild(parent, element);
    // mermaid's label background boxes without a size, and empty placeholder rects: they draw nothing.
    else if (element.tagName === 'rect' && attr(element, 'width') === undefined && element.childNodes.length === 0)
      removeChild(parent, element);
  }
  const root = attr(svg, 'id');
  const dataSelectors = attributeSelectors(css);
  const styled = (cls: string) => new RegExp(`\\.${cls.replace(/[^\w-]/g, '\\$&')}(?![\\w-])`).test(css);
  for (const element of elements(svg)) {
    if (element.tagName === 'tspan' && (attr(element, 'class') ?? '').split(/\s+/).includes('text-outer-tspan')) collapseWordSpans(element);
    const classes = new Set((attr(element, 'class') ?? '').split(/\s+/).filter(Boolean));
    element.attrs = element.attrs
      // A data attribute stays where a rule of the stylesheet can select by it (mermaid puts `data-look` on every shape).
      .filter((a) => !a.name.startsWith('data-') || (dataSelectors.get(a.name) ?? []).some((s) => selects(s, element.tagName, classes)))
      // Ids that nothing refers to (mermaid names every node and edge) only lengthen the page.
      .filter((a) => !(a.name === 'id' && a.value !== root && !referenced.has(a.value) && !css.includes(`#${a.value}`)))
      // Classes no rule uses (`text-outer-tspan row`, `basic label-container`): a static page has no script to read them.
      .map((a) => (a.name === 'class' ? { ...a, value: [...classes].filter(styled).join(' ') } : a))
      .map((a) => (a.name === 'style' ? { ...a, value: slimStyle(a.value, css) } : a))
      .filter((a) => !((a.name === 'style' || a.name === 'class') && a.value === ''))
      .map((a) => (NUMERIC_ATTRIBUTES.has(a.name) ? { ...a, value: roundNumbers(a.value) } : a));
    foldRowOffset(element);
  }
  for (const element of elements(svg).reverse()) {
    const parent = element.parentNode as ParentNode | null;
    if (parent && element.tagName === 'defs' && element.childNodes.length === 0) removeChild(parent, element);
  }
  // One-row labels, unless a rule styles rows (tspan) apart from their text.
  if (!/tspan/.test(css)) for (const element of elements(svg)) if (element.tagName === 'text') foldSingleRow(element);
  // A <g> without attributes groups nothing that CSS or geometry can see: its children take its place.
  for (const element of elements(svg).reverse()) {
    const parent = element.parentNode as ParentNode | null;
    if (parent && element.tagName === 'g' && element.attrs.length === 0) replaceWith(parent, element, element.childNodes);
  }
}

/**
 * Properties a rule may set on a group for the group to be dissolved: on its children they change nothing drawn
 * (`text-align`) or give what the children inherited anyway (the label's font and colour). Not `background-color`:
 * it draws nothing in SVG either, but on a label itself a contrast checker (axe) takes it for the text's background
 * (mermaid's `.edgeLabel` would then fail 4.5:1 in the dark theme), so such a group keeps its `<g>`.
 */
const GROUP_PROPERTIES_MOVED_SAFELY = new Set(['font-family', 'color', 'text-align']);

/** A compound selector of classes and attribute tests only (`.node`, `[data-look="neo"].node`): no tag, id or pseudo-class. */
const CLASSES_ONLY = /^(?:\.[\w-]+|\[[^\]]*\])+$/;

function compoundClasses(compound: string): string[] {
  return [...compound.replace(/\[[^\]]*\]/g, '').matchAll(/\.([\w-]+)/g)].map((m) => m[1] as string);
}

function eachRule(items: readonly CssItem[], visit: (rule: Extract<CssItem, { kind: 'rule' }>) => void): void {
  for (const item of items) {
    if (item.kind !== 'rule') continue;
    // Inside @media, rules; inside @keyframes, steps, which select nothing.
    if (item.prelude.startsWith('@media')) eachRule(item.items, visit);
    else if (!item.prelude.startsWith('@')) visit(item);
  }
}

/**
 * A selector plus the forms that match the same elements once the groups of `dissolved` classes are gone and their
 * classes sit on what they held: each classes-only compound may merge into the next.
 * @example selectorForms('#d .node rect', new Set(['node'])) // ['#d rect.node', '#d .node rect']
 */
export function selectorForms(selector: string, dissolved: ReadonlySet<string>): string[] {
  const compounds = selector.trim().split(/\s+/);
  const forms: string[] = [];
  const walk = (i: number, carry: string, done: string[]) => {
    const current = `${compounds[i]}${carry}`;
    if (i === compounds.length - 1) return void forms.push([...done, current].join(' '));
    const classes = compoundClasses(current);
    if (CLASSES_ONLY.test(current) && classes.length > 0 && classes.every((c) => dissolved.has(c))) walk(i + 1, current, done);
    walk(i + 1, '', [...done, current]);
  };
  walk(0, '', []);
  return forms;
}

/** Whether `element` matches one compound selector of tags, ids, classes and attribute tests (`rect[data-look="neo"].node`). */
function matchesCompound(element: Element, compound: string): boolean {
  const tag = /^[a-zA-Z][\w-]*/.exec(compound)?.[0];
  if (tag && element.tagName !== tag) return false;
  const classes = new Set((attr(element, 'class') ?? '').split(/\s+/));
  for (const [, kind, name, attribute, value] of compound.matchAll(/([#.])([\w-]+)|\[([\w-]+)(?:="([^"]*)")?\]/g)) {
    if (kind === '#' && attr(element, 'id') !== name) return false;
    if (kind === '.' && !classes.has(name as string)) return false;
    if (attribute && (value === undefined ? attr(element, attribute) === undefined : attr(element, attribute) !== value)) return false;
  }
  return true;
}

/** Whether a selector of descendant combinators matches some element under `root` (the root included). */
function matchesSome(root: Element, selector: string): boolean {
  const compounds = selector.trim().split(/\s+/);
  const ancestorsMatch = (element: Element, i: number): boolean => {
    if (i < 0) return true;
    for (let up = element.parentNode as Element | null; up && isElement(up); up = up.parentNode as Element | null)
      if (matchesCompound(up, compounds[i] as string) && ancestorsMatch(up, i - 1)) return true;
    return false;
  };
  return [root, ...elements(root)].some((e) => matchesCompound(e, compounds.at(-1) as string) && ancestorsMatch(e, compounds.length - 2));
}

/**
 * Dissolves the `<g>` wrappers mermaid puts around each node and label (`<g class="node" transform><rect/><g
 * class="label" transform><text/>`): the children take the group's classes, data attributes and transform (composed
 * before their own), and every selector gains the forms that match them there (selectorForms). Three elements per node
 * become one or two, drawn the same: a transform on a child composes as it did on its parent, a gradient's
 * objectBoundingBox is measured in the same local coordinates, and no rule of a dissolved group sets a property that
 * its children would not have inherited anyway. A stylesheet with child, sibling or universal selectors or
 * pseudo-classes (a `classDef`'s `.hot>*`), whose matches depend on the tree's shape, leaves the SVG as it is.
 */
function dissolveGroups(svg: Element, css: string): string {
  const items = parseCss(css);
  const selectors: string[] = [];
  eachRule(items, (rule) => selectors.push(...rule.prelude.split(',')));
  if (selectors.some((s) => /[>+~*]|:(?!root\b)/.test(s))) return css;
  // Classes that a rule styles as a group with something its children would not simply inherit.
  const kept = new Set<string>();
  eachRule(items, (rule) => {
    const unsafe = rule.items.some((d) => d.kind === 'decl' && !GROUP_PROPERTIES_MOVED_SAFELY.has(d.prop));
    if (unsafe) for (const s of rule.prelude.split(',')) for (const c of compoundClasses(s.trim().split(/\s+/).at(-1) ?? '')) kept.add(c);
  });
  // Inside a group that stays, the tree stays as mermaid drew it: axe reads a kept group's background-color as its
  // label's background only where the label sits deeper, as before (its 4.5:1 check then passes in the dark theme).
  const insideKept = (element: Element): boolean => {
    for (let up = element.parentNode as Element | null; up && isElement(up) && up !== svg; up = up.parentNode as Element | null)
      if ((attr(up, 'class') ?? '').split(/\s+/).some((c) => kept.has(c))) return true;
    return false;
  };
  const dissolved = new Set<string>();
  for (const group of elements(svg).reverse()) {
    const parent = group.parentNode as ParentNode | null;
    if (!parent || group.tagName !== 'g') continue;
    const classes = (attr(group, 'class') ?? '').split(/\s+/).filter(Boolean);
    const children = group.childNodes.filter(isElement);
    const clash = (child: Element) =>
      group.attrs.some((a) => a.name.startsWith('data-') && attr(child, a.name) !== undefined && attr(child, a.name) !== a.value);
    if (
      !group.attrs.every((a) => a.name === 'class' || a.name === 'transform' || a.name.startsWith('data-')) ||
      classes.some((c) => kept.has(c)) ||
      insideKept(group) ||
      children.length !== group.childNodes.length ||
      children.some(clash)
    )
      continue;
    for (const child of children) {
      const own = (attr(child, 'class') ?? '').split(/\s+/).filter(Boolean);
      const merged = [...new Set([...own, ...classes])].join(' ');
      const transform = [attr(group, 'transform'), attr(child, 'transform')].filter(Boolean).join(' ');
      const moved = group.attrs.filter((a) => a.name.startsWith('data-') && attr(child, a.name) === undefined);
      child.attrs = [
        ...child.attrs.filter((a) => a.name !== 'class' && a.name !== 'transform'),
        ...moved,
        ...(merged ? [{ name: 'class', value: merged }] : []),
        ...(transform ? [{ name: 'transform', value: transform }] : []),
      ];
    }
    replaceWith(parent, group, children);
    for (const c of classes) dissolved.add(c);
  }
  if (dissolved.size === 0) return css;
  // Every form that still matches something: the dissolved children's, and the original where a group stayed.
  eachRule(items, (rule) => {
    const forms = [...new Set(rule.prelude.split(',').flatMap((s) => selectorForms(s, dissolved)))];
    rule.prelude = forms.filter((form) => /:/.test(form) || matchesSome(svg, form)).join(',');
  });
  const live = (list: CssItem[]): CssItem[] =>
    list
      .filter((item) => item.kind === 'decl' || item.prelude !== '')
      .map((item) => (item.kind === 'rule' && item.prelude.startsWith('@media') ? { ...item, items: live(item.items) } : item));
  return serializeCss(live(items));
}

/** Paths styled with no stroke and no fill and carrying no marker (mermaid's `~~~` layout-only links): they draw nothing. */
function dropInvisiblePaths(svg: Element, css: string): void {
  const invisible = new Set(
    [...css.matchAll(/\.([\w-]+)\{stroke-width:0;fill:none;\}/g)].map((m) => m[1] as string).filter((c) => !css.includes(`.${c} `)),
  );
  for (const path of elements(svg)) {
    if (path.tagName !== 'path' || !(attr(path, 'class') ?? '').split(/\s+/).some((c) => invisible.has(c))) continue;
    if (path.attrs.some((a) => a.name.startsWith('marker') || (a.name === 'style' && /stroke-width|fill/.test(a.value)))) continue;
    removeChild(path.parentNode as ParentNode, path);
  }
}

/** Gradient and pattern definitions the dark theme adds (its node outlines); the light theme has none. */
function takeThemeDefinitions(svg: Element): Element[] {
  const found = elements(svg).filter((e) => e.tagName === 'linearGradient' || e.tagName === 'radialGradient');
  for (const element of found) removeChild(element.parentNode as ParentNode, element);
  return found;
}

/**
 * One SVG for both themes from mermaid's light and dark renderings of the same diagram under the same id: their
 * geometry must agree (mermaid's themes change only colours), their stylesheets then differ only in values, and each
 * differing value becomes a custom property set per theme. Throws, naming the difference, when they disagree.
 * `dissolveGroups: false` keeps mermaid's node and label groups, for comparing what dissolving them draws.
 */
export function themedSvg(light: string, dark: string, options: { dissolveGroups?: boolean } = {}): string {
  const lightSvg = parseSvg(light, 'light');
  const darkSvg = parseSvg(dark, 'dark');
  const id = attr(lightSvg, 'id');
  if (!id || attr(darkSvg, 'id') !== id) throw new Error('light and dark renderings must share one id');
  const lightCss = parseCss(takeStyle(lightSvg, 'light'));
  const darkCss = parseCss(takeStyle(darkSvg, 'dark'));
  const definitions = takeThemeDefinitions(darkSvg);
  const pairs = new ThemePairs();
  mergeTrees(lightSvg, darkSvg, pairs, 'svg');
  const merged = mergeCss(lightCss, darkCss, pairs);
  if (definitions.length) {
    lightSvg.childNodes.unshift(...definitions);
    for (const d of definitions) d.parentNode = lightSvg;
  }
  const all = elements(lightSvg);
  const classes = new Set(all.flatMap((e) => (attr(e, 'class') ?? '').split(/\s+/).filter(Boolean)));
  const tags = new Set(['svg', ...all.map((e) => e.tagName.toLowerCase())]);
  const pruned = serializeCss(pruneCss(merged, classes, tags));
  const usedValues = (text: string) => [...text.matchAll(/var\(--mmd-(\d+)\)/g)].map((m) => pairs.pairs[Number(m[1])]?.join(' ')).join(' ');
  slimTree(lightSvg, pruned, usedValues(pruned + serialize(lightSvg)));
  dropInvisiblePaths(lightSvg, pruned);
  const css = options.dissolveGroups === false ? pruned : dissolveGroups(lightSvg, pruned);
  const { renumber, rules } = themeRules(css + serialize(lightSvg), id, pairs);
  for (const element of elements(lightSvg)) element.attrs = element.attrs.map((a) => ({ ...a, value: renumber(a.value) }));
  const style: Element = {
    nodeName: 'style',
    tagName: 'style',
    attrs: [],
    namespaceURI: lightSvg.namespaceURI,
    parentNode: lightSvg,
    childNodes: [],
  };
  style.childNodes.push({ nodeName: '#text', value: rules + renumber(css), parentNode: style } as DefaultTreeAdapterTypes.TextNode);
  lightSvg.childNodes.unshift(style);
  const fragment = parseFragment('');
  fragment.childNodes.push(lightSvg);
  return shortIds(serialize(fragment), id);
}

/**
 * The fallback for a diagram whose themes differ in more than colours (mermaid's class diagrams draw some lines
 * differently in dark): both renderings, the dark one under its own ids, for the page's CSS to show one of.
 */
export function bothThemesSvg(light: string, dark: string): string {
  const id = attr(parseSvg(light, 'light'), 'id') as string;
  const tag = (svg: string, theme: string) => svg.replace(/^<svg\b/, `<svg data-mermaid-theme="${theme}"`);
  return tag(light, 'light') + tag(dark.split(id).join(`${id}-dark`), 'dark');
}
