/** Build-time props every demo island shares on a page of one language: its strings, ORT's files, the gallery, the networks. */

import { demoModel, galleryInfo, readManifest, runtimeAssets } from '../../lib/build/demoFiles.ts';
import { type Locale, stringsStartingWith, toLocale } from '../../lib/i18n.ts';
import type { DemoShared } from '../../lib/inference/pageShared.ts';
import type { DemoModel, DemoStrings, OwnStringGroup } from '../../lib/inference/types.ts';
import { MODEL_IDS } from '../../lib/manifest.ts';
import { provideProps, type Sent } from '../../lib/pageProps.ts';

const sharedByLocale = new Map<Locale, Sent<DemoShared>>();

/** The locale of a demo component's page, and the key of what its demo islands share, computed once per build. */
export function demoPage(langParam: unknown): { lang: Locale; shared: Sent<DemoShared> } {
  const lang = toLocale(langParam ?? 'ko');
  const shared =
    sharedByLocale.get(lang) ??
    provideProps<DemoShared>({
      strings: demoStrings(lang),
      runtime: runtimeAssets(),
      gallery: galleryInfo(),
      models: pageModels(lang),
    });
  sharedByLocale.set(lang, shared);
  return { lang, shared };
}

/** The `demo.*` strings every island shows, without the groups only one island shows (the speed lab's: 4 KB a page each). */
function demoStrings(lang: Locale): DemoStrings {
  const own = /^demo\.(speed|inside)\./;
  return Object.fromEntries(Object.entries(stringsStartingWith(lang, 'demo.')).filter(([key]) => !own.test(key))) as DemoStrings;
}

/** The key of the `demo.<group>.*` strings only the islands of that group show (one script a page, however many islands). */
export function ownStrings<G extends OwnStringGroup>(lang: Locale, group: G) {
  return provideProps(stringsStartingWith(lang, `demo.${group}.`));
}

/** The id of a network named in MDX (`<Classifier model="vgg" />`), checked against the manifest. */
export function pageModelId(id: string, lang: Locale): string {
  return demoModel(readManifest(), id, lang).id;
}

/** Every network of the manifest, in the article's order. */
export function pageModels(lang: Locale): DemoModel[] {
  const manifest = readManifest();
  return MODEL_IDS.filter((id) => id in manifest.models).map((id) => demoModel(manifest, id, lang));
}
