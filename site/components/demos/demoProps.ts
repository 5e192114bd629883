/** Build-time props every demo island shares on a page of one language: its strings, ORT's files, the gallery. */

import { demoModel, galleryInfo, readManifest, runtimeAssets } from '../../lib/build/demoFiles.ts';
import { type Locale, stringsStartingWith, toLocale } from '../../lib/i18n.ts';
import { logitsOutput } from '../../lib/inference/classify.ts';
import type { DemoModel, DemoProps } from '../../lib/inference/types.ts';
import { MODEL_IDS } from '../../lib/manifest.ts';

export function demoProps(langParam: unknown): DemoProps & { lang: Locale } {
  const lang = toLocale(langParam ?? 'ko');
  return { lang, strings: stringsStartingWith(lang, 'demo.'), runtime: runtimeAssets(), gallery: galleryInfo() };
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
