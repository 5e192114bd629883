/**
 * Downloads a model or ORT's wasm: bytes counted for the progress bar, checked against the sha256 the build wrote into
 * the page before anything uses them. Keeping them is the service worker's job (site/lib/offline/serviceWorker.js: one
 * cache per build, which serves these immutable URLs first and offline), so a second visit downloads nothing.
 * Runs in the browser and in Node.
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
  fetchImpl?: typeof fetch;
  /** Aborts the download (its promise then rejects). */
  signal?: AbortSignal;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The URL fetched: the file's URL plus its expected hash, so a retrained model (same file name, new hash) never meets
 * stale bytes in the HTTP cache (hosts serve /models/* as immutable) or in the service worker's cache.
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
  // A fast server (or the service worker's cache) has many chunks ready at once: read as microtasks, they would run as
  // one long task with a progress render per chunk. Progress at most every 50 ms, and a macrotask break as often.
  let reported = performance.now();
  for (;;) {
    // A connection that drops mid-body (or a browser that aborts it) is a failed download, not a failed run.
    const { done, value } = await reader.read().catch((error: unknown) => {
      throw new AssetError('network', asset.url, `${asset.url}: ${error instanceof Error ? error.message : String(error)}`);
    });
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
    if (performance.now() - reported > 50) {
      onProgress?.(loaded, total);
      await new Promise((resolve) => setTimeout(resolve, 0));
      reported = performance.now();
    }
  }
  onProgress?.(loaded, total);
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

/** Downloaded (from the service worker's cache when it holds the file) and verified against `asset.sha256`. Throws AssetError. */
export async function fetchVerified(asset: VerifiedAsset, options: FetchOptions = {}): Promise<{ bytes: Uint8Array }> {
  const key = cacheKey(asset);
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(key, options.signal ? { signal: options.signal } : undefined);
  } catch (error) {
    throw new AssetError('network', asset.url, `${asset.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new AssetError('http', asset.url, `${asset.url}: HTTP ${response.status}`, response.status);
  const bytes = await readWithProgress(response, asset, options.onProgress);
  await verify(bytes, asset);
  return { bytes };
}

/**
 * Why loading `url` failed, when a browser says only "failed to fetch" (a module import, a worker): asks the server and
 * gives an AssetError naming the file (offline, or its HTTP status), or `error` itself when the file is there.
 */
export async function explainFailedLoad(url: string, error: unknown): Promise<unknown> {
  const status = await fetch(url, { method: 'HEAD', cache: 'no-store' }).then(
    (response) => (response.ok ? 'ok' : response.status),
    () => 'offline' as const,
  );
  if (status === 'ok') return error;
  if (status === 'offline') return new AssetError('network', url, `${url}: ${error instanceof Error ? error.message : String(error)}`);
  return new AssetError('http', url, `${url}: HTTP ${status}`, status);
}
