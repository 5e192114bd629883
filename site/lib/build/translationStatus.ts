/** One rule for "which source version was this translation made from", shared by the schema, `npm run i18n:status` and the post pages. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How many hex digits of the sha256 a new translation records (any prefix of 12 to 64 digits is accepted). */
export const SOURCE_HASH_LENGTH = 16;
export const SOURCE_HASH_PATTERN = /^[0-9a-f]{12,64}$/;

/** Extensions a post file may have, in order of preference when both exist. */
const POST_EXTENSIONS = ['.mdx', '.md'] as const;

export type TranslationState = 'up to date' | 'stale' | 'missing';

/** The same text hashes the same on every OS: no BOM, LF line endings. */
export function normalizeSource(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** The full sha256 (hex) of a source file's normalized text, frontmatter included. */
export function fullSourceHash(text: string): string {
  return createHash('sha256').update(normalizeSource(text), 'utf8').digest('hex');
}

/** The value a translation writes into `sourceHash`. */
export function sourceHash(text: string): string {
  return fullSourceHash(text).slice(0, SOURCE_HASH_LENGTH);
}

/** Whether a recorded `sourceHash` (a prefix of the sha256) names this exact source text. */
export function matchesSource(recordedHash: string, sourceText: string): boolean {
  return SOURCE_HASH_PATTERN.test(recordedHash) && fullSourceHash(sourceText).startsWith(recordedHash);
}

/** State of one locale's file relative to the source text. */
export function translationState(recordedHash: string | undefined, sourceText: string): TranslationState {
  if (recordedHash === undefined) return 'missing';
  return matchesSource(recordedHash, sourceText) ? 'up to date' : 'stale';
}

/** The few top-level frontmatter scalars this module needs; the build's strict schema validates the rest. */
export interface TranslationFields {
  lang?: string;
  translationOf?: string;
  sourceHash?: string;
}

/** Reads `lang`, `translationOf` and `sourceHash` from a file's YAML frontmatter without a YAML dependency (plain scalars only). */
export function readTranslationFields(text: string): TranslationFields {
  const match = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(normalizeSource(text));
  if (!match) return {};
  const fields: TranslationFields = {};
  for (const line of match[1].split('\n')) {
    const kv = /^(lang|translationOf|sourceHash)\s*:\s*(.*?)\s*$/.exec(line);
    if (!kv) continue;
    const value = kv[2].replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2');
    fields[kv[1] as keyof TranslationFields] = value;
  }
  return fields;
}

export interface LocaleStatus {
  locale: string;
  state: TranslationState;
  /** Path of the translation file, when it exists. */
  file?: string;
  /** Hash the translation recorded, when it exists. */
  recordedHash?: string;
}

export interface PostTranslationStatus {
  slug: string;
  sourceLocale: string;
  sourceFile: string;
  /** The hash a translation made today would record. */
  currentHash: string;
  locales: LocaleStatus[];
}

/** Finds `<dir>/<locale>.mdx` (or `.md`). */
function findLocaleFile(postDir: string, locale: string): string | undefined {
  for (const ext of POST_EXTENSIONS) {
    const file = join(postDir, `${locale}${ext}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Status of every translation of one post folder (`<postsDir>/<slug>/`).
 * The original is the one file without `translationOf`; every other file must name it.
 */
export function postTranslationStatus(postDir: string, slug: string, locales: readonly string[]): PostTranslationStatus {
  const files = new Map<string, { file: string; fields: TranslationFields }>();
  for (const locale of locales) {
    const file = findLocaleFile(postDir, locale);
    if (file) files.set(locale, { file, fields: readTranslationFields(readFileSync(file, 'utf8')) });
  }
  const originals = [...files].filter(([, f]) => f.fields.translationOf === undefined);
  if (originals.length !== 1) {
    const names = originals.map(([, f]) => f.file).join(', ') || 'none';
    throw new Error(
      `${postDir}: expected exactly one original (a file without \`translationOf\`), found ${originals.length} (${names}). ` +
        'Mark each translation with `translationOf: <source locale>` and `sourceHash`.',
    );
  }
  const [sourceLocale, source] = originals[0];
  const sourceText = readFileSync(source.file, 'utf8');
  const result: LocaleStatus[] = [];
  for (const locale of locales) {
    if (locale === sourceLocale) continue;
    const entry = files.get(locale);
    if (!entry) {
      result.push({ locale, state: 'missing' });
      continue;
    }
    if (entry.fields.translationOf !== sourceLocale) {
      throw new Error(`${entry.file}: \`translationOf\` is "${entry.fields.translationOf}", but this post's original is ${source.file}.`);
    }
    if (entry.fields.sourceHash === undefined) {
      throw new Error(`${entry.file}: \`translationOf\` is set but \`sourceHash\` is missing.`);
    }
    result.push({
      locale,
      state: translationState(entry.fields.sourceHash, sourceText),
      file: entry.file,
      recordedHash: entry.fields.sourceHash,
    });
  }
  return { slug, sourceLocale, sourceFile: source.file, currentHash: sourceHash(sourceText), locales: result };
}

/** Status of every post under a posts folder (`content/posts/`, or what RECEPTIVE_CONTENT_DIR names), sorted by slug. */
export function contentTranslationStatus(postsDir: string, locales: readonly string[]): PostTranslationStatus[] {
  if (!existsSync(postsDir)) throw new Error(`${postsDir}: no such posts folder`);
  return readdirSync(postsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((slug) => postTranslationStatus(join(postsDir, slug), slug, locales));
}
