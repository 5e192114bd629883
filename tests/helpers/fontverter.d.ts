/** The one call of fontverter (no published types) the font tests make: woff2 back to an OpenType file for HarfBuzz. */
declare module 'fontverter' {
  export function convert(font: Uint8Array, format: 'sfnt' | 'woff' | 'woff2' | 'truetype'): Promise<Buffer>;
  const fontverter: { convert: typeof convert };
  export default fontverter;
}
