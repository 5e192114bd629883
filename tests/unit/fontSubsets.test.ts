import { describe, expect, it } from 'vitest';
import { codePointsOf, keepUsedFaces, parseUnicodeRange } from '../../site/lib/fontSubsets.ts';

describe('parseUnicodeRange', () => {
  it('reads single points, ranges and wildcards', () => {
    expect(parseUnicodeRange('U+20, U+ac00-d7a3,U+4??')).toEqual([
      [0x20, 0x20],
      [0xac00, 0xd7a3],
      [0x400, 0x4ff],
    ]);
  });

  it('names the part it cannot read', () => {
    expect(() => parseUnicodeRange('U+20,U+zz')).toThrow('unicode-range: cannot read "U+zz"');
    expect(() => parseUnicodeRange('U+50-40')).toThrow(/U\+50-40/);
  });
});

describe('keepUsedFaces', () => {
  const face = (name: string, range?: string): string =>
    `@font-face{font-family:'${name}';src:url(/f/${name}.woff2) format('woff2');${range ? `unicode-range:${range};` : ''}}`;
  const css = [face('latin'), face('hangul-a', 'U+ac00-ac10'), face('hangul-b', 'U+b000-b0ff,U+c000'), face('kana', 'U+3040-309f')].join(
    '',
  );

  it('keeps faces without a range and faces whose range holds a used character, narrowed to its rows of 16; drops the rest', () => {
    const result = keepUsedFaces(css, codePointsOf('abc 가'));
    expect(result).toMatchObject({ kept: 2, dropped: 2 });
    expect(result.css).toBe(face('latin') + face('hangul-a', 'U+ac00-ac0f'));
    expect(keepUsedFaces(css, codePointsOf('갅가 b\u{ac10}')).css).toBe(face('latin') + face('hangul-a', 'U+ac00-ac10'));
    expect(keepUsedFaces(css, codePointsOf('가\u{b0f5}')).css).toContain('unicode-range:U+b0f0-b0ff;');
  });

  it('matches a character at either end of a range and in any of its parts', () => {
    expect(keepUsedFaces(css, codePointsOf('\u{ac10}')).css).toContain('hangul-a');
    expect(keepUsedFaces(css, codePointsOf('\u{c000}')).css).toContain('hangul-b');
    expect(keepUsedFaces(css, codePointsOf('\u{b100}')).css).not.toContain('hangul-b');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(codePointsOf('a😀')).toEqual(new Set([0x61, 0x1f600]));
  });
});
