/** The gallery's 28x28 test images in the browser: fetched and verified once per page for every island, painted into canvases. */
import { fetchVerified } from './fetchVerified.ts';
import { PIXELS, SIDE } from './preprocess.ts';
import type { GalleryInfo } from './types.ts';

let galleryLoad: Promise<Uint8Array> | null = null;
/** The gallery binary: every image, one after the other, in `gallery.samples` order. */
export function galleryPixels(gallery: GalleryInfo): Promise<Uint8Array> {
  galleryLoad ??= fetchVerified(gallery.asset).then((r) => r.bytes);
  galleryLoad.catch(() => {
    galleryLoad = null;
  });
  return galleryLoad;
}

/** Paints a 28x28 grey image into a canvas of the same size (CSS scales it up, pixelated); black when `pixels` is null. */
export function paintGrey(canvas: HTMLCanvasElement | null | undefined, pixels: Uint8Array | null): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  const image = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; i++) {
    const v = pixels ? (pixels[i] as number) : 0;
    image.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}
