/**
 * The text of the page's only always-present script (rendered by components/ThemeHead.astro): sets the theme before
 * first paint, follows the system until the reader chooses, and handles the toggle button by delegation.
 * It lives in a module so site/lib/build/csp.ts can hash exactly what the page carries.
 */
export const themeScript = `(() => {
  const root = document.documentElement, key = 'theme', media = matchMedia('(prefers-color-scheme: dark)');
  const stored = () => { try { const t = localStorage.getItem(key); return t === 'light' || t === 'dark' ? t : null; } catch { return null; } };
  const apply = (t) => { root.dataset.theme = t; };
  apply(stored() ?? (media.matches ? 'dark' : 'light'));
  media.addEventListener('change', (e) => { if (!stored()) apply(e.matches ? 'dark' : 'light'); });
  document.addEventListener('click', (e) => {
    if (!(e.target instanceof Element) || !e.target.closest('[data-theme-toggle]')) return;
    const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
    apply(next);
    try { localStorage.setItem(key, next); } catch {}
  });
})();`;
