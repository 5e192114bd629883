/** Build-time props every demo island shares on a page of one language: its strings, ORT's files, the gallery. */

import { demoModel, galleryInfo, readManifest, runtimeAssets } from '../../lib/build/demoFiles.ts';
import { type Locale, stringsStartingWith, toLocale } from '../../lib/i18n.ts';
import { logitsOutput } from '../../lib/inference/classify.ts';
import type { DemoModel, DemoProps, DemoStrings, DemoStringsWith, OwnStringGroup } from '../../lib/inference/types.ts';
import { MODEL_IDS } from '../../lib/manifest.ts';

export function demoProps(langParam: unknown): DemoProps & { lang: Locale } {
  const lang = toLocale(langParam ?? 'ko');
  return { lang, strings: demoStrings(lang), runtime: runtimeAssets(), gallery: galleryInfo() };
}

/** The `demo.*` strings every island shows, without the groups only one island shows (the speed lab's: 4 KB a page each). */
function demoStrings(lang: Locale): DemoStrings {
  const own = /^demo\.(speed|inside)\./;
  return Object.fromEntries(Object.entries(stringsStartingWith(lang, 'demo.')).filter(([key]) => !own.test(key))) as DemoStrings;
}

/** The strings of the island that shows the `demo.<group>.*` strings. */
export function stringsWith<G extends OwnStringGroup>(strings: DemoStrings, lang: Locale, group: G): DemoStringsWith<G> {
  return { ...strings, ...stringsStartingWith(lang, `demo.${group}.`) } as DemoStringsWith<G>;
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
export function pageEnsemble(lang: Locale): DemoModel[] {
  return pageModels(lang).map((m) => ({ ...m, outputs: m.outputs.filter((o) => o.name === logitsOutput(m)), activations: {} }));
}
