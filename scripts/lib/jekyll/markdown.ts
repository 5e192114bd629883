/** The Markdown parser the importer reads posts with (CommonMark + GFM + `$$` math), and the MDX parser it checks its output with. */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** A Jekyll post's Markdown as a tree with source positions; single-dollar math only when the post turns math on. */
export function parseMarkdown(text: string, singleDollarMath: boolean): Root {
  return unified().use(remarkParse).use(remarkGfm).use(remarkMath, { singleDollarTextMath: singleDollarMath }).parse(text);
}

/** Parses MDX as the site's build will (GFM, math, MDX); throws the parser's message with its line when it is not valid. */
export function parseMdx(text: string): Root {
  return unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkMdx).parse(text);
}
