/**
 * Downloads a model or ORT's wasm once: bytes counted for the progress bar, checked against the sha256 the build wrote
 * into the page before anything uses them, kept in the Cache API so a second visit downloads nothing. Runs in the
 * browser and in Node (which lacks only the Cache API).
 */

/** Something the page needs, as the build describes it. */
export interface VerifiedAsset {
  /** Same-origin URL, e.g. `/models/alexnet.onnx`. */
  url: string;
  sha256: string;
  bytes: number;
}

export type AssetErrorKind = 'http' | 'network' | 'truncated' | 'checksum';

/** A download that must not be used, with the reason the island localizes. */
export class AssetError extends Error {
  readonly kind: AssetErrorKind;
  readonly url: string;
  readonly status?: number;
  constructor(kind: AssetErrorKind, url: string, message: string, status?: number) {
    super(message);
    this.name = 'AssetError';
    this.kind = kind;
    this.url = url;
    this.status = status;
  }
}

export interface FetchOptions {
  /** Called with bytes received so far and the expected total. */
  onProgress?: (loaded: number, total: number) => void;
  /** Cache API bucket; null disables caching. Defaults to the site's bucket when the Cache API exists. */
  cacheName?: string | null;
  fetchImpl?: typeof fetch;
}

/** The bucket every demo shares; bump the suffix to drop every cached asset at once. */
export const CACHE_NAME = 'receptive-assets-v1';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The URL fetched and the Cache API key: the file's URL plus its expected hash, so a retrained model (same file name,
 * new hash) never meets stale bytes in the HTTP cache (hosts serve /models/* as immutable) or in the Cache API.
 */
export function cacheKey(asset: VerifiedAsset): string {
  return `${asset.url}${asset.url.includes('?') ? '&' : '?'}sha256=${asset.sha256}`;
}

async function readWithProgress(
  response: Response,
  asset: VerifiedAsset,
  onProgress?: (l: number, t: number) => void,
): Promise<Uint8Array> {
  const total = asset.bytes;
  const out = new Uint8Array(total);
  let loaded = 0;
  onProgress?.(0, total);
  const reader = response.body?.getReader();
  if (!reader) {
    const all = new Uint8Array(await response.arrayBuffer());
    if (all.length !== total) throw new AssetError('truncated', asset.url, `${asset.url}: received ${all.length} bytes, expected ${total}`);
    onProgress?.(all.length, total);
    return all;
  }
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > total) {
      await reader.cancel();
      throw new AssetError(
        'checksum',
        asset.url,
        `${asset.url}: more than the expected ${total} bytes; not the file this page was built with`,
      );
    }
    out.set(value, loaded);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  if (loaded !== total) throw new AssetError('truncated', asset.url, `${asset.url}: received ${loaded} of ${total} bytes (truncated)`);
  return out;
}

async function verify(bytes: Uint8Array, asset: VerifiedAsset): Promise<void> {
  const actual = await sha256Hex(bytes);
  if (actual !== asset.sha256) {
    throw new AssetError(
      'checksum',
      asset.url,
      `${asset.url}: sha256 ${actual.slice(0, 12)}… does not match the expected ${asset.sha256.slice(0, 12)}…`,
    );
  }
}

/** Cached, else downloaded; verified against `asset.sha256` either way. Throws AssetError. */
export async function fetchVerified(asset: VerifiedAsset, options: FetchOptions = {}): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  const cacheName = options.cacheName === undefined ? CACHE_NAME : options.cacheName;
  const cache = cacheName && typeof caches !== 'undefined' ? await caches.open(cacheName).catch(() => null) : null;
  const key = cacheKey(asset);
  if (cache) {
    const hit = await cache.match(key);
    if (hit) {
      const bytes = new Uint8Array(await hit.arrayBuffer());
      try {
        if (bytes.length !== asset.bytes) throw new Error('size');
        await verify(bytes, asset);
        options.onProgress?.(bytes.length, asset.bytes);
        return { bytes, fromCache: true };
      } catch {
        await cache.delete(key); // a damaged entry: forget it and download again
      }
    }
  }
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(key);
  } catch (error) {
    throw new AssetError('network', asset.url, `${asset.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new AssetError('http', asset.url, `${asset.url}: HTTP ${response.status}`, response.status);
  const bytes = await readWithProgress(response, asset, options.onProgress);
  await verify(bytes, asset);
  if (cache) {
    await cache
      .put(key, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/octet-stream' } }))
      .catch(() => undefined); // a full or disabled cache only costs the next visit a download
  }
  return { bytes, fromCache: false };
}
