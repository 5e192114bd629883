/** Emits KaTeX's and the web fonts' files at build time so every stylesheet and font comes from our own origin. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { type VendorAsset, vendorAssets } from '../../lib/vendor-assets';

export const getStaticPaths = (() =>
  vendorAssets().map((asset) => ({ params: { file: asset.file }, props: { asset } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { asset } = props as { asset: VendorAsset };
  const body = asset.body();
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), { headers: { 'Content-Type': asset.contentType } });
};
