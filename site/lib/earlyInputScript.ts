/**
 * The text of the second inline script on pages with islands (rendered by components/DemoGuard.astro): a demo hydrates
 * only when it scrolls into view, and on a slow phone its code can take a second to arrive, so a gallery image chosen,
 * a file picked or dropped in that second would do nothing. This keeps that choice on the island (`EARLY_INPUT`), the
 * chosen button shown pressed, and islands/demo/InputPanel.tsx makes it once hydrated. A file dropped there no longer
 * opens in the tab either. It lives in a module so site/lib/csp.ts can hash exactly what the page carries.
 */

/** The property of an `<astro-island>` element that holds what the reader chose before its code ran. */
export const EARLY_INPUT = 'receptiveEarlyInput';

/** A gallery image (its test-set index) or an image file, chosen before the demo hydrated. */
export type EarlyInput = { sample: number } | { file: File };

export const earlyInputScript = `(() => {
  const island = (target, selector) => {
    const found = target instanceof Element && target.closest(selector) && target.closest('astro-island[ssr]');
    return found && found.querySelector('[data-demo]') ? found : null;
  };
  document.addEventListener('click', (event) => {
    const at = island(event.target, '[data-sample]');
    if (!at) return;
    const button = event.target.closest('[data-sample]');
    at.${EARLY_INPUT} = { sample: Number(button.dataset.sample) };
    for (const other of at.querySelectorAll('[data-sample]')) other.setAttribute('aria-pressed', String(other === button));
  });
  document.addEventListener('change', (event) => {
    const at = island(event.target, 'input[data-action="upload"]');
    const file = at && event.target.files && event.target.files[0];
    if (file) at.${EARLY_INPUT} = { file };
  });
  document.addEventListener('dragover', (event) => {
    if (island(event.target, '.demo-drop')) event.preventDefault();
  });
  document.addEventListener('drop', (event) => {
    const at = island(event.target, '.demo-drop');
    if (!at) return;
    event.preventDefault();
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) at.${EARLY_INPUT} = { file };
  });
})();`;
