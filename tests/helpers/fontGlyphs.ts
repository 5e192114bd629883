/** The code points a woff2 (or TTF) file has glyphs for, read from its cmap by HarfBuzz: what a browser can draw with it. */
import fontverter from 'fontverter';
import { Blob, Face } from 'harfbuzzjs';

export async function fontCodePoints(font: Buffer): Promise<Set<number>> {
  const sfnt = await fontverter.convert(font, 'sfnt');
  return new Set(new Face(new Blob(sfnt)).collectUnicodes());
}
