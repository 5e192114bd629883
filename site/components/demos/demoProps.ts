/** Build-time props every demo island shares on a page of one language: its strings, ORT's files, the gallery. */

import { demoModel, galleryInfo, readManifest, runtimeAssets } from '../../lib/build/demoFiles.ts';
import { type Locale, stringsStartingWith, toLocale } from '../../lib/i18n.ts';
import { logitsOutput } from '../../lib/inference/classify.ts';
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
      ensemble: pageEnsemble(lang),
    });
  sharedByLocale.set(lang, shared);
  return { lang, shared };
}

/** The `demo.*` strings every island shows, without the groups only one island shows (the speed lab's: 4 KB a page each). */
function demoStrings(lang: Locale): DemoStrings {
  const own = /^demo\.(speed|inside)\./;
  return Object.fromEntries(Object.entries(stringsStartingWith(lang, 'demo.')).filter(([key]) => !own.test(key))) as DemoStrings;
}

/** The `demo.<group>.*` strings only the island of that group shows: sent in its own props. */
export function ownStrings<G extends OwnStringGroup>(lang: Locale, group: G) {
  return stringsStartingWith(lang, `demo.${group}.`);
}

export function pageModel(id: string, lang: Locale): DemoModel {
  return demoModel(readManifest(), id, lang);
}

/** Every network of the manifest, in the article's order. */
export function pageModels(lang: Locale): DemoModel[] {
  const manifest = readManifest();
  return MODEL_IDS.filter((id) => id in manifest.models).map((id) => demoModel(manifest, id, lang));
}

/** Every network, trimmed to what judging an input needs (the class scores): the `ensemble` of a one-network island. */
function pageEnsemble(lang: Locale): DemoModel[] {
  return pageModels(lang).map((m) => ({ ...m, outputs: m.outputs.filter((o) => o.name === logitsOutput(m)), activations: {} }));
}
