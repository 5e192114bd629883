/**
 * The text of the inline script on pages with islands (rendered by components/DemoGuard.astro): when an
 * island's code cannot be loaded (the reader went offline before scrolling to it, a chunk is missing), Astro only
 * fires `astro:hydration-error` and the island stays a static picture that says nothing. This marks the island
 * `data-status="error"`, shows which file failed and offers a retry (Astro's `start()` imports again, cache-busted).
 * It lives in a module so site/lib/build/csp.ts can hash exactly what the page carries.
 */
export const islandErrorScript = `(() => {
  // The page's messages, on this script's own attributes (components/DemoGuard.astro), so its text stays one hash.
  const messages = document.currentScript.dataset;
  // The alert shown for each island, to replace it when the retry fails again.
  const alerts = new WeakMap();
  document.addEventListener('astro:hydration-error', (event) => {
    const island = event.target;
    // The island's root (a demo's or figure's), not the first status inside it (the speed lab's networks carry one each).
    const root = island instanceof Element && island.querySelector('[data-demo], [data-figure]');
    if (!root) return;
    event.preventDefault();
    const file = new URL((event.detail && event.detail.componentUrl) || '', location.href).pathname;
    // The server-rendered status comes back on retry: hydration keeps the attributes it finds.
    const before = root.getAttribute('data-status');
    root.setAttribute('data-status', 'error');
    alerts.get(island)?.remove();
    const alert = document.createElement('div');
    alert.className = 'demo-error demo-load-error';
    alert.setAttribute('role', 'alert');
    alert.dataset.error = 'module';
    const text = document.createElement('p');
    text.textContent = (root.hasAttribute('data-figure') ? messages.figureError : messages.demoError).replace('{file}', file);
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.dataset.action = 'retry';
    retry.textContent = messages.retry;
    retry.addEventListener('click', () => {
      alert.remove();
      if (before === null) root.removeAttribute('data-status');
      else root.setAttribute('data-status', before);
      island.start();
    });
    alert.append(text, retry);
    alerts.set(island, alert);
    // Under the island's status line when it has one (where its own errors show), else just above the island: outside
    // it, where hydration will not meet a node it did not render.
    const status = island.querySelector('.demo-status');
    if (status) status.after(alert);
    else island.before(alert);
  });
})();`;

/** The pages (by their render's Request) that already carry DemoGuard's inline scripts (this one and earlyInputScript.ts): it emits them once per page. */
export const pagesWithGuardScripts = new WeakSet<Request>();
