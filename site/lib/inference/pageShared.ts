/** What every demo island of a page shares (strings, ORT's files, the gallery, the ensemble): sent once per page (site/lib/pageProps.ts), not in each island's props. */
import { propsOf, type Sent } from '../pageProps.ts';
import type { DemoModel, DemoProps } from './types.ts';

export type DemoShared = Pick<DemoProps, 'strings' | 'runtime' | 'gallery'> & { ensemble: DemoModel[] };
/** An island's props as the page sends them: the shared part's key, and the strings only this island shows. */
export type SentProps<P extends DemoProps> = Omit<P, keyof DemoShared> & {
  shared: Sent<DemoShared>;
  own?: Omit<P['strings'], keyof DemoProps['strings']>;
};

/** Merged once per props object, so hooks that depend on the props or their strings see the same objects every render. */
const merged = new WeakMap<object, DemoProps>();

/** An island's whole props: what the page sent it plus the shared part; `withEnsemble` for the islands that judge inputs by the ensemble. */
export function withShared<P extends DemoProps>(sent: SentProps<P>, withEnsemble = false): P {
  const { own, shared, ...rest } = sent;
  const { strings, runtime, gallery, ensemble } = propsOf(shared);
  const props = merged.get(sent) ?? { ...rest, strings: { ...strings, ...own }, runtime, gallery, ...(withEnsemble ? { ensemble } : {}) };
  merged.set(sent, props as DemoProps);
  return props as unknown as P;
}
