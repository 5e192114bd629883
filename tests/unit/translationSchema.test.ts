/** The schema's translation fields: `translationOf` and `sourceHash` come together, the hash is a sha256 prefix, and a post is no translation of its own language. */
import { describe, expect, it } from 'vitest';
import { postSchema } from '../../site/content.config.ts';

const translation = { title: 'T', date: new Date('2026-11-29'), lang: 'en', translationOf: 'ko', sourceHash: 'a85f830f790c505e' };

function issues(data: Record<string, unknown>): string[] {
  const result = postSchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('translation frontmatter', () => {
  it('accepts a translation that names its source and hash, and an original with neither', () => {
    expect(issues(translation)).toEqual([]);
    expect(issues({ title: 'T', date: new Date('2026-11-29'), lang: 'ko' })).toEqual([]);
  });

  it('names the missing partner field', () => {
    expect(issues({ ...translation, sourceHash: undefined })).toEqual([
      expect.stringMatching(/^sourceHash: is required with translationOf/),
    ]);
    expect(issues({ ...translation, translationOf: undefined })).toEqual([
      expect.stringMatching(/^translationOf: is required with sourceHash/),
    ]);
  });

  it('rejects a short or non-hex hash, an unknown source locale, and a translation of its own language', () => {
    expect(issues({ ...translation, sourceHash: 'abc123' })).toEqual([
      expect.stringMatching(/^sourceHash: must be 12 to 64 lowercase hex/),
    ]);
    expect(issues({ ...translation, sourceHash: 'A85F830F790C505E' })).toHaveLength(1);
    expect(issues({ ...translation, translationOf: 'fr' })[0]).toMatch(/^translationOf: /);
    expect(issues({ ...translation, translationOf: 'en' })).toEqual(['translationOf: is "en", the post\'s own language']);
  });
});
