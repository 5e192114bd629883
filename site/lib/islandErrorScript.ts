/**
 * The text of the inline script on pages with islands (rendered by components/DemoGuard.astro): when an
 * island's code cannot be loaded (the reader went offline before scrolling to it, a chunk is missing), Astro only
 * fires `astro:hydration-error` and the island stays a static picture that says nothing. This marks the island
 * `data-status="error"`, shows which file failed and offers a retry (Astro's `start()` imports again, cache-busted).
 * It lives in a module so site/lib/csp.ts can hash exactly what the page carries.
 */
export const islandErrorScript = `(() => {
  document.addEventListener('astro:hydration-error', (event) => {
    const island = event.target;
    const guard = island instanceof Element && island.closest('[data-island-error]');
    if (!guard) return;
    event.preventDefault();
    // The island's root (a demo's or figure's), not the first status inside it (the speed lab's networks carry one each).
    const root = island.querySelector('[data-demo], [data-figure]') || guard;
    const file = new URL((event.detail && event.detail.componentUrl) || '', location.href).pathname;
    // The server-rendered status comes back on retry: hydration keeps the attributes it finds.
    const before = root.getAttribute('data-status');
    root.setAttribute('data-status', 'error');
    guard.querySelector('.demo-load-error')?.remove();
    const alert = document.createElement('div');
    alert.className = 'demo-error demo-load-error';
    alert.setAttribute('role', 'alert');
    alert.dataset.error = 'module';
    const text = document.createElement('p');
    text.textContent = guard.dataset.islandError.replace('{file}', file);
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.dataset.action = 'retry';
    retry.textContent = guard.dataset.retry;
    retry.addEventListener('click', () => {
      alert.remove();
      if (before === null) root.removeAttribute('data-status');
      else root.setAttribute('data-status', before);
      island.start();
    });
    alert.append(text, retry);
    // Under the island's status line when it has one (where its own errors show), else above the island.
    const status = island.querySelector('.demo-status');
    if (status) status.after(alert);
    else guard.prepend(alert);
  });
})();`;

/** The pages (by their render's Request) that already carry DemoGuard's inline scripts (this one and earlyInputScript.ts): it emits them once per page. */
export const pagesWithGuardScripts = new WeakSet<Request>();
