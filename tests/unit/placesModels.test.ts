import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placesModels } from '../../site/lib/placesModels.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('placesModels', () => {
  it('finds the demo and model components a post places, in every language of the real post', () => {
    expect(placesModels('Text.\n\n<Classifier model="vgg" />\n')).toBe(true);
    expect(placesModels('<AboutModels/>')).toBe(true);
    expect(placesModels('<SpeedLab>\n</SpeedLab>')).toBe(true);
    for (const lang of ['ko', 'en', 'ja']) {
      expect(placesModels(readFileSync(path.join(root, `content/posts/cnn-basic/${lang}.mdx`), 'utf8')), lang).toBe(true);
    }
  });

  it('ignores other components, longer names, and tags written as code', () => {
    expect(placesModels('<Figure src="a.png" alt="a" />')).toBe(false);
    expect(placesModels('<ClassifierNotes />')).toBe(false);
    expect(placesModels('Write `<Classifier />` to add one.')).toBe(false);
    expect(placesModels('```mdx\n<CompareNetworks />\n```\n')).toBe(false);
    expect(placesModels('~~~\n<SpeedLab />\n~~~\nthen <Credit />')).toBe(false);
    expect(placesModels('```mdx\n<CompareNetworks />\n```\n\n<InsideView model="alexnet" />')).toBe(true);
  });
});
