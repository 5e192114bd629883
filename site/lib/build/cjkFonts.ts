/**
 * The Korean and Japanese web fonts as one woff2 file per family and weight, cut at build time to the characters the
 * site uses (HarfBuzz's subsetter, through subset-font) from Google Fonts' complete TTFs (@expo-google-fonts). Why not
 * Fontsource's own files: it splits each face into about a hundred unicode-range slices, and the Korean post needed
 * dozens of them; every slice that arrives lays the page's text out again, which cost Lighthouse mobile 10-20 points
 * of blocking time on the post page. One file per weight arrives once.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locale } from '../i18n.ts';
import { REPO_ROOT } from './repoRoot.ts';

const require = createRequire(import.meta.url);

export interface CjkFace {
  family: string;
  weight: 400 | 700;
  /** The served file's name: family, weight and a hash of what went into it, so a long-cached copy is never stale. */
  file: string;
  /** The code points the file is cut to (also its `unicode-range`). */
  points: number[];
  /** The complete font it is cut from. */
  source: string;
}

/** The CJK family each locale's pages use; English pages use Inter alone. */
const familyOf: Partial<Record<Locale, { family: string; pkg: string; prefix: string }>> = {
  ko: { family: 'Noto Sans KR', pkg: 'noto-sans-kr', prefix: 'NotoSansKR' },
  ja: { family: 'Noto Sans JP', pkg: 'noto-sans-jp', prefix: 'NotoSansJP' },
};

const weightNames = { 400: '400Regular', 700: '700Bold' } as const;

/** Latin text is Inter's (site/styles/global.css names it first); the CJK face covers everything past Latin-1. */
const FIRST_POINT = 0x100;

/**
 * A locale's CJK faces for the characters in `used`.
 * @example cjkFaces('ko', codePointsOf('가 a')) → 400 and 700 faces of Noto Sans KR, each with points [0xac00]
 */
export function cjkFaces(lang: Locale, used: ReadonlySet<number>): CjkFace[] {
  const font = familyOf[lang];
  if (!font) return [];
  const pkgDir = path.dirname(require.resolve(`@expo-google-fonts/${font.pkg}/package.json`));
  const version: string = require(`@expo-google-fonts/${font.pkg}/package.json`).version;
  const points = [...used].filter((p) => p >= FIRST_POINT).sort((a, b) => a - b);
  return ([400, 700] as const).map((weight) => {
    const hash = createHash('sha256')
      .update(`${font.pkg}@${version} ${weight} ${points.join(',')}`)
      .digest('hex')
      .slice(0, 10);
    return {
      family: font.family,
      weight,
      file: `${font.pkg}-${weight}.${hash}.woff2`,
      points,
      source: path.join(pkgDir, weightNames[weight], `${font.prefix}_${weightNames[weight]}.ttf`),
    };
  });
}

/** The `@font-face` rule of a face whose file is served at `base` + its name. */
export function cjkFaceRule(face: CjkFace, base: string): string {
  return `@font-face{font-family:'${face.family}';font-style:normal;font-display:swap;font-weight:${face.weight};src:url(${base}${face.file}) format('woff2');unicode-range:${unicodeRange(face.points)};}`;
}

/**
 * Sorted code points as a compact `unicode-range` value.
 * @example unicodeRange([0x41, 0x42, 0x43, 0xac00]) → 'U+41-43,U+ac00'
 */
export function unicodeRange(sorted: number[]): string {
  const runs: [number, number][] = [];
  for (const p of sorted) {
    const last = runs[runs.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs.map(([a, b]) => `U+${a.toString(16)}${a === b ? '' : `-${b.toString(16)}`}`).join(',');
}

/** Where cut fonts are kept between builds: cutting the four faces takes a few seconds that most builds need not repeat. */
const cacheDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'receptive-fonts');

/** The woff2 bytes of a face: from the cache when an earlier build cut the same face, else cut now and cached. */
export async function cjkFaceFile(face: CjkFace): Promise<Buffer> {
  const cached = path.join(cacheDir, face.file);
  if (existsSync(cached)) return readFileSync(cached);
  const { default: subsetFont } = await import('subset-font');
  const text = String.fromCodePoint(...face.points);
  const woff2 = await subsetFont(readFileSync(face.source), text, { targetFormat: 'woff2' });
  mkdirSync(cacheDir, { recursive: true });
  // Written beside and renamed: a build stopped midway leaves no half-written file for the next build to serve.
  const partial = `${cached}.${process.pid}.partial`;
  writeFileSync(partial, woff2);
  renameSync(partial, cached);
  return woff2;
}
