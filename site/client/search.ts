/**
 * The search page's script (the only page that has one besides the theme script): loads Pagefind's JS, WASM and this
 * language's index on first use, then shows results as the reader types. Without JavaScript the form still submits.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
}

interface PagefindApi {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, ms?: number): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

/** Localized messages, written by the page into `data-strings` on the form. */
interface SearchStrings {
  loading: string;
  results: string;
  none: string;
  error: string;
  prompt: string;
}

const MAX_RESULTS = 20;

/** Keeps only text and Pagefind's `<mark>` highlights of an excerpt, so no other markup reaches the page. */
export function excerptNodes(excerpt: string): Node[] {
  const nodes: Node[] = [];
  for (const [i, part] of excerpt.split(/<\/?mark>/).entries()) {
    if (part === '') continue;
    const text = new DOMParser().parseFromString(part, 'text/html').body.textContent ?? '';
    if (i % 2 === 1) {
      const mark = document.createElement('mark');
      mark.textContent = text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(text));
    }
  }
  return nodes;
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search-form]');
  const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const list = document.querySelector<HTMLOListElement>('[data-search-results]');
  if (!form || !input || !status || !list) return;
  const strings = JSON.parse(form.dataset.strings ?? '{}') as SearchStrings;
  const bundle = form.dataset.pagefind ?? '/pagefind/pagefind.js';
  let pagefind: Promise<PagefindApi> | undefined;
  const load = (): Promise<PagefindApi> => {
    pagefind ??= (import(/* @vite-ignore */ bundle) as Promise<PagefindApi>).then(async (api) => {
      await api.options({ excerptLength: 24 });
      await api.init();
      return api;
    });
    return pagefind;
  };

  let latest = 0;
  const search = async (query: string): Promise<void> => {
    const ticket = ++latest;
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = strings.prompt;
      return;
    }
    status.textContent = strings.loading;
    try {
      const api = await load();
      const found = await api.debouncedSearch(query, {}, 150);
      if (found === null || ticket !== latest) return;
      const data = await Promise.all(found.results.slice(0, MAX_RESULTS).map((result) => result.data()));
      if (ticket !== latest) return;
      list.replaceChildren(
        ...data.map((item) => {
          const li = document.createElement('li');
          const link = document.createElement('a');
          link.href = item.url;
          link.textContent = item.meta.title ?? item.url;
          const excerpt = document.createElement('p');
          excerpt.append(...excerptNodes(item.excerpt));
          li.append(link, excerpt);
          return li;
        }),
      );
      status.textContent = data.length === 0 ? strings.none : strings.results.replace('{count}', String(found.results.length));
    } catch (error) {
      status.textContent = strings.error;
      console.error('search failed', error);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search(input.value);
  });
  input.addEventListener('input', () => {
    void search(input.value);
  });
  const initial = new URL(location.href).searchParams.get('q') ?? '';
  input.value = initial;
  status.textContent = strings.prompt;
  if (initial) void search(initial);
}

start();
