/**
 * The post page's script, loaded from our origin (no inline handlers): enables the copy buttons that the build put on
 * code blocks, and inserts the comments frame only when the reader presses "Load comments".
 */
import { GISCUS_ORIGIN, type GiscusFrameConfig, giscusFrameUrl } from '../lib/comments.ts';

const COPIED_MS = 2000;

function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** One polite live region per page, so a screen reader hears "Copied" without the focus moving. */
function announcer(): HTMLElement {
  let region = document.getElementById('reader-tools-status');
  if (!region) {
    region = document.createElement('p');
    region.id = 'reader-tools-status';
    region.className = 'visually-hidden';
    region.setAttribute('role', 'status');
    document.body.append(region);
  }
  return region;
}

function enableCopyButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('.code-copy')) {
    const code = button.parentElement?.querySelector('pre code');
    if (!code || !navigator.clipboard) continue;
    const label = button.textContent ?? '';
    button.hidden = false;
    button.addEventListener('click', async () => {
      let message: string;
      try {
        await navigator.clipboard.writeText((code.textContent ?? '').replace(/\n$/, ''));
        message = button.dataset.copied ?? label;
      } catch {
        message = button.dataset.copyFailed ?? label;
      }
      button.textContent = message;
      announcer().textContent = message;
      setTimeout(() => {
        button.textContent = label;
      }, COPIED_MS);
    });
  }
}

function loadComments(button: HTMLButtonElement): void {
  const config = JSON.parse(button.dataset.giscus ?? '{}') as GiscusFrameConfig;
  const frame = document.createElement('iframe');
  frame.className = 'giscus-frame';
  frame.title = button.dataset.frameTitle ?? 'Comments';
  frame.src = giscusFrameUrl(config, new URL(location.href), document.title, currentTheme());
  frame.setAttribute('scrolling', 'no');
  frame.allow = 'clipboard-write';
  // The page is cross-origin isolated (COEP require-corp); a credentialless frame may load a page that does not opt in.
  frame.setAttribute('credentialless', '');
  button.closest('.comments')?.querySelector('.comments-frame')?.append(frame);
  button.remove();
  frame.focus();
  window.addEventListener('message', (event) => {
    if (event.origin !== GISCUS_ORIGIN || event.source !== frame.contentWindow) return;
    const height = (event.data as { giscus?: { resizeHeight?: number } })?.giscus?.resizeHeight;
    if (typeof height === 'number') frame.style.height = `${height}px`;
  });
  // Follow the site's theme toggle.
  new MutationObserver(() => {
    frame.contentWindow?.postMessage({ giscus: { setConfig: { theme: currentTheme() } } }, GISCUS_ORIGIN);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

enableCopyButtons();
for (const button of document.querySelectorAll<HTMLButtonElement>('.comments-load')) {
  button.addEventListener('click', () => loadComments(button), { once: true });
}
