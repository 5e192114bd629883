/**
 * The page's one input and backend choice, shared by every demo island (each hydrates on its own, so they meet in this
 * module) and mirrored in the URL so a reader can link a result: `?sample=<test image index>` names a gallery image,
 * `?backend=auto|webgpu|wasm` the backend (site/lib/inference/backend.ts), and `#demo-<kind>-<network>` the demo (see
 * demoAnchor). A drawing or an upload is not put in the URL: the link would not carry its pixels.
 */
import { type BackendPreference, urlOverrides } from './backend.ts';
import { PIXELS } from './preprocess.ts';
import type { GalleryInfo } from './types.ts';

export type InputSource = 'sample' | 'drawing' | 'upload';

/** One input as every island sees it: a new object per choice, so islands tell inputs apart by identity. */
export interface PageInput {
  /** 28x28 grey, row-major: the image the models see. */
  pixels: Uint8Array;
  source: InputSource;
  /** Test-set index of a gallery sample. */
  sample?: number;
}

let input: PageInput | null = null;
let backend: BackendPreference | null = null;
const listeners = new Set<() => void>();

const hasLocation = () => typeof location !== 'undefined';

/** The current input (null until the reader or a link chose one). */
export const pageInput = (): PageInput | null => input;

/** The reader's backend choice: `?backend=` of the page until the control changes it. */
export function pageBackend(): BackendPreference {
  backend ??= (hasLocation() && urlOverrides(location.search).backend) || 'auto';
  return backend;
}

/** Calls `listener` whenever the input or the backend changes; returns the unsubscribe. */
export function onPageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Each input's first answer, given by the island it was chosen in: the other islands start after it, so the demo the
 * reader touched gets the network and the CPU to itself (one runtime and one model, not every model at once).
 */
const firstAnswers = new WeakMap<PageInput, Promise<unknown>>();

/** The island where `chosen` was made answers it first: `answered` settles when it has (or has failed). */
export function leadAnswer(chosen: PageInput, answered: Promise<unknown>): void {
  firstAnswers.set(chosen, Promise.allSettled([answered]));
}

/**
 * Settles once the island `chosen` was made in has answered it (at once for a link's sample, which has no such island;
 * after `patienceMs` at most, so a lead island that never answers holds nobody up).
 */
export async function afterLeadAnswer(chosen: PageInput, patienceMs = 20_000): Promise<void> {
  await Promise.resolve(); // every island hears of an input in one synchronous loop: the lead registers in it
  const lead = firstAnswers.get(chosen);
  if (lead) await Promise.race([lead, new Promise((resolve) => setTimeout(resolve, patienceMs))]);
}

/** Sets URL query parameters (deleting those given undefined) and the fragment without a navigation or a history entry. */
function writeUrl(params: Record<string, string | undefined>, hash?: string): void {
  if (!hasLocation()) return;
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  if (hash !== undefined) url.hash = hash;
  history.replaceState(history.state, '', url);
}

/** A new input for every island; `from` is the anchor of the demo it was chosen in (the link scrolls back to it). */
export function setPageInput(next: PageInput, from?: string): void {
  input = next;
  writeUrl({ sample: next.source === 'sample' ? String(next.sample) : undefined }, from);
  for (const listener of listeners) listener();
}

export function setPageBackend(next: BackendPreference): void {
  backend = next;
  writeUrl({ backend: next === 'auto' ? undefined : next });
  for (const listener of listeners) listener();
}

/** Once the gallery is here: the image a link names with `?sample=` becomes the page's input, unless one was chosen already. */
export function restoreLinkedSample(gallery: GalleryInfo, pixels: Uint8Array): void {
  const raw = hasLocation() ? new URLSearchParams(location.search).get('sample') : null;
  const at = raw ? gallery.samples.findIndex((s) => String(s.index) === raw) : -1;
  const sample = gallery.samples[at];
  if (input || !sample) return;
  setPageInput({ pixels: pixels.slice(at * PIXELS, (at + 1) * PIXELS), source: 'sample', sample: sample.index });
}

/** The stable id of a demo's root: what `#` names in a link (one demo of a kind per network on a page). */
export const demoAnchor = (kind: string, modelIds: string): string => `demo-${kind}${kind === 'compare' ? '' : `-${modelIds}`}`;
