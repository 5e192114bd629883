/**
 * Width and height of an image file, read from its bytes before decoding so a picture too large to decode sensibly
 * (a 30000x30000 PNG is 3.6 GB of pixels) is refused with a message instead of freezing the tab. The whole file is
 * walked, not a fixed-size head: a JPEG's size comes after its metadata (a colour profile can be 100s of KB), and a
 * GIF's frames may be larger than the size its header claims (the decoder allocates the frame). Browser-free.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Largest picture the demos decode: 40 megapixels (a large phone photo is 12–50 MP, and each pixel costs 4 bytes). */
export const MAX_PIXELS = 40_000_000;
/** Largest file the demos read. */
export const MAX_FILE_BYTES = 30 * 1024 * 1024;

const be16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const le16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const be32 = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const le32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** The format and size of PNG, JPEG, GIF, WebP and BMP files; null when the bytes are none of those (or are cut short). */
export function readImageHeader(b: Uint8Array): ImageHeader | null {
  if (b.length >= 24 && be32(b, 0) === 0x89504e47 && ascii(b, 12, 4) === 'IHDR') {
    return { format: 'png', width: be32(b, 16), height: be32(b, 20) };
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    return { format: 'gif', ...gifExtent(b) };
  }
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    return { format: 'bmp', width: Math.abs(le32(b, 18) | 0), height: Math.abs(le32(b, 22) | 0) };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8X')
      return { format: 'webp', width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    if (chunk === 'VP8L') {
      const bits = le32(b, 21);
      return { format: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    if (chunk === 'VP8 ') return { format: 'webp', width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the JPEG segments to the first start-of-frame marker (SOF0..SOF15 except DHT/JPG/DAC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1];
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', width: be16(b, i + 7), height: be16(b, i + 5) };
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        i += 2;
        continue;
      }
      i += 2 + be16(b, i + 2);
    }
    return null;
  }
  return null;
}

/** Index just past a GIF's chain of data sub-blocks starting at `i` (each a length byte, then that many bytes; 0 ends it). */
function skipSubBlocks(b: Uint8Array, i: number): number {
  let at = i;
  while (at < b.length) {
    const size = b[at] as number;
    at += 1 + size;
    if (size === 0) break;
  }
  return at;
}

/**
 * The area a GIF decoder must allocate: the logical screen of the header, grown to hold every frame (a frame's
 * position plus its size). A 10x10 header with a 20000x20000 frame is a 20000x20000 image to the decoder.
 * @example a header saying 10x10 with one frame at (0,0) of 20000x20000 → { width: 20000, height: 20000 }
 */
function gifExtent(b: Uint8Array): { width: number; height: number } {
  let width = le16(b, 6);
  let height = le16(b, 8);
  if (b.length < 13) return { width, height };
  const screenFlags = b[10] as number;
  let i = 13 + (screenFlags & 0x80 ? 3 * (1 << ((screenFlags & 7) + 1)) : 0);
  while (i < b.length) {
    const block = b[i];
    if (block === 0x21) {
      i = skipSubBlocks(b, i + 2); // extension: introducer, label, sub-blocks
    } else if (block === 0x2c && i + 10 <= b.length) {
      width = Math.max(width, le16(b, i + 1) + le16(b, i + 5));
      height = Math.max(height, le16(b, i + 3) + le16(b, i + 7));
      const frameFlags = b[i + 9] as number;
      i += 10 + (frameFlags & 0x80 ? 3 * (1 << ((frameFlags & 7) + 1)) : 0);
      i = skipSubBlocks(b, i + 1); // LZW minimum code size, then the image data
    } else {
      break; // the trailer (0x3b), or bytes no decoder reads further
    }
  }
  return { width, height };
}

export type UploadProblem =
  | { kind: 'not-image' }
  | { kind: 'too-large-file'; bytes: number }
  | { kind: 'too-large-image'; width: number; height: number };

/** What is wrong with an uploaded file (all its bytes) before any decoding, or null when the demo may decode it. */
export function checkUpload(bytes: Uint8Array, fileBytes: number): UploadProblem | null {
  if (fileBytes > MAX_FILE_BYTES) return { kind: 'too-large-file', bytes: fileBytes };
  const header = readImageHeader(bytes);
  if (!header || header.width < 1 || header.height < 1) return { kind: 'not-image' };
  if (header.width * header.height > MAX_PIXELS) return { kind: 'too-large-image', width: header.width, height: header.height };
  return null;
}
