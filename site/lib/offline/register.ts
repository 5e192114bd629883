/**
 * Browser: registers the build's service worker (site/lib/offline/serviceWorker.js) from a page with a demo, so the
 * page, onnxruntime-web and the models it uses are kept for offline return visits; and hands the worker the files this
 * page loaded before the worker controlled it (the first visit), which it would otherwise never see.
 */
const WORKER_URL = '/sw.js';

function sameOriginResources(): string[] {
  const urls = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
  return urls.filter((url) => new URL(url).origin === location.origin);
}

/**
 * Hands the worker files fetched where the page's resource list does not show them (the inference worker imports
 * onnxruntime-web's module and glue), so a first visit keeps them too; nothing when no service worker is registered.
 */
export function keepForOffline(urls: string[]): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.getRegistration().then((registration) => registration?.active?.postMessage({ type: 'keep', urls }));
}

/** Idempotent; does nothing in dev (no worker is built) or where service workers are unavailable. */
export function registerOfflineCache(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const handOver = () => container.controller?.postMessage({ type: 'keep', urls: sameOriginResources() });
  container.addEventListener('controllerchange', handOver);
  container
    .register(WORKER_URL, { scope: '/' })
    .then(() => container.ready)
    .then((registration) => registration.active?.postMessage({ type: 'keep', urls: sameOriginResources() }))
    .catch(() => undefined); // no worker (private mode, a host without it): the demos still run online
}
