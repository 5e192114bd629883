/**
 * What every demo island of a page shares (strings, ORT's files, the gallery, every network): sent once per page
 * (site/lib/pageProps.ts), not in each island's props. An island names its networks by id, and its own strings (the
 * inside view's, the speed lab's) are a key of their own, so two islands of one kind send them once too.
 */
import { propsOf, type Sent } from '../pageProps.ts';
import type { DemoModel, DemoProps } from './types.ts';

export type DemoShared = Pick<DemoProps, 'strings' | 'runtime' | 'gallery'> & { models: DemoModel[] };

/** An island's props as the page sends them: the shared part's key, its networks' ids, and the key of the strings only its kind shows. */
export type SentProps<P extends DemoProps> = Omit<P, keyof DemoShared | 'model' | 'ensemble'> & {
  shared: Sent<DemoShared>;
  own?: Sent<Omit<P['strings'], keyof DemoProps['strings']>>;
} & (P extends { model: DemoModel } ? { model: string } : unknown) &
  (P extends { models: DemoModel[] } ? { models: string[] } : unknown);

/** Merged once per props object, so hooks that depend on the props or their strings see the same objects every render. */
const merged = new WeakMap<object, DemoProps>();

/** The page's network `id` (every network of the page is in the shared part). */
export function sharedModel(shared: DemoShared, id: string): DemoModel {
  const model = shared.models.find((m) => m.id === id);
  if (!model) throw new Error(`the page's demo props have no network "${id}"`);
  return model;
}

/** An island's whole props: what the page sent it plus the shared part; `withEnsemble` for the islands that judge inputs by the ensemble. */
export function withShared<P extends DemoProps>(sent: SentProps<P>, withEnsemble = false): P {
  const known = merged.get(sent);
  if (known) return known as P;
  const { own, shared: key, model, models, ...rest } = sent as SentProps<P> & { model?: string; models?: string[] };
  const shared = propsOf(key);
  const props = {
    ...rest,
    ...(model === undefined ? {} : { model: sharedModel(shared, model) }),
    ...(models === undefined ? {} : { models: models.map((id) => sharedModel(shared, id)) }),
    strings: { ...shared.strings, ...(own ? propsOf(own) : {}) },
    runtime: shared.runtime,
    gallery: shared.gallery,
    ...(withEnsemble ? { ensemble: shared.models } : {}),
  } as unknown as P;
  merged.set(sent, props);
  return props;
}
