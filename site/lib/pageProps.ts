/**
 * Island props sent as plain JSON in one `<script type="application/json">` of the page instead of Astro's `props`
 * attribute, which wraps every value in `[0, …]` and escapes every quote (about twice the bytes); props that several
 * islands share (the demos' strings, ORT's files) go once per page. Keyed by a hash of the JSON, so one key is one value.
 */

/**
 * What an island's tag carries: the key of its props' script, or, for props whose JSON is at most `INLINE_MAX`
 * characters (a demo naming its network), the props themselves: a script element for 100 bytes would cost the page
 * more than Astro's longer encoding of them. `T` types the key to the props it stands for.
 */
export interface Sent<T> {
  sent: string;
  /** The props themselves, when short; the page then carries no script for them. */
  inline?: T;
  /** Never set: ties the key to its type. */
  of?: T;
}

/** The longest props JSON sent in the island's own attribute rather than in a script of the page. */
const INLINE_MAX = 256;

const atBuild = new Map<string, { value: unknown; json: string }>();
const inPage = new Map<string, unknown>();

export const scriptIdOf = (key: string): string => `props-${key}`;

function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Build side: stores `value` for the island render and the page script; returns the key its island tag carries. */
export function provideProps<T>(value: T): Sent<T> {
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  const key = hashOf(json);
  atBuild.set(key, { value, json });
  return json.length <= INLINE_MAX ? { sent: key, inline: value } : { sent: key };
}

/** Build side: `provideProps` typed by the island the props are for. */
export function propsFor<T>(_island: (sent: Sent<T>) => unknown, value: T): Sent<T> {
  return provideProps(value);
}

/** Build side: the text of the page script of a key. */
export function jsonOf(key: string): string {
  const stored = atBuild.get(key);
  if (!stored) throw new Error(`No props "${key}" were provided`);
  return stored.json;
}

/** The props a key stands for: the build's value while rendering, the page script's in the browser. */
export function propsOf<T>({ sent, inline }: Sent<T>): T {
  if (inline !== undefined) return inline;
  if (typeof document === 'undefined') {
    return JSON.parse(jsonOf(sent)) as T;
  }
  if (!inPage.has(sent)) {
    const text = document.getElementById(scriptIdOf(sent))?.textContent;
    if (!text) throw new Error(`The page has no #${scriptIdOf(sent)} script for its island`);
    inPage.set(sent, JSON.parse(text));
  }
  return inPage.get(sent) as T;
}
