import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjkFaceFile, cjkFaceRule, cjkFaces, unicodeRange } from '../../site/lib/build/cjkFonts.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import { codePointsOf } from '../../site/lib/fontSubsets.ts';
import { fontCodePoints } from '../helpers/fontGlyphs.ts';

describe('unicodeRange', () => {
  it('joins consecutive points into runs', () => {
    expect(unicodeRange([0x41, 0x42, 0x43, 0xac00])).toBe('U+41-43,U+ac00');
    expect(unicodeRange([0xac00, 0xac02])).toBe('U+ac00,U+ac02');
    expect(unicodeRange([])).toBe('');
  });
});

describe('cjkFaces', () => {
  it('gives Korean and Japanese pages one face per weight, past Latin-1 only, and English pages none', () => {
    const used = codePointsOf('ab é 가나 かな');
    expect(cjkFaces('en', used)).toEqual([]);
    const ko = cjkFaces('ko', used);
    expect(ko.map((face) => [face.family, face.weight])).toEqual([
      ['Noto Sans KR', 400],
      ['Noto Sans KR', 700],
    ]);
    expect(String.fromCodePoint(...(ko[0]?.points ?? []))).toBe('かな가나');
    expect(cjkFaces('ja', used)[0]?.family).toBe('Noto Sans JP');
  });

  it('names each file for what went into it, so a changed character set is a new file', () => {
    const [before] = cjkFaces('ko', codePointsOf('가나'));
    const [same] = cjkFaces('ko', codePointsOf('나가'));
    const [after] = cjkFaces('ko', codePointsOf('가나다'));
    expect(same?.file).toBe(before?.file);
    expect(after?.file).not.toBe(before?.file);
    expect(before?.file).toMatch(/^noto-sans-kr-400\.[0-9a-f]{10}\.woff2$/);
  });

  it('writes an @font-face rule that names the file and its characters', () => {
    const [face] = cjkFaces('ko', codePointsOf('가각'));
    expect(cjkFaceRule(face as never, '/f/')).toBe(
      `@font-face{font-family:'Noto Sans KR';font-style:normal;font-display:swap;font-weight:400;src:url(/f/${face?.file}) format('woff2');unicode-range:U+ac00-ac01;}`,
    );
  });
});

describe('cjkFaceFile', () => {
  it('cuts a woff2 with glyphs for exactly the requested characters, and keeps it for the next build', async () => {
    // A syllable picked by the clock: most runs ask for a set no earlier run cut, so they cut it.
    const text = `수용장${String.fromCodePoint(0xac00 + (Date.now() % 11172))}`;
    for (const face of cjkFaces('ko', codePointsOf(text))) {
      const cached = path.join(REPO_ROOT, 'node_modules', '.cache', 'receptive-fonts', face.file);
      const woff2 = await cjkFaceFile(face);
      expect(woff2.subarray(0, 4).toString('latin1')).toBe('wOF2');
      expect([...(await fontCodePoints(woff2))].sort()).toEqual([...codePointsOf(text)].sort());
      expect(existsSync(cached)).toBe(true);
      expect((await cjkFaceFile(face)).equals(woff2)).toBe(true);
      rmSync(cached);
    }
  });
});
