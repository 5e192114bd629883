/** Emits the self-hosted .woff2 files (KaTeX, web fonts) so every stylesheet and font comes from our own origin. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { type VendorAsset, vendorPaths, vendorResponse } from '../../lib/build/vendorAssets.ts';

export const getStaticPaths = (() => vendorPaths('woff2')) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => vendorResponse((props as { asset: VendorAsset }).asset);
