/** The build-time pieces behind the article's reader features: comment settings and frame URL, diagram widths, model facts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readableWidth } from '../../site/lib/build/markdown/rehypeMermaid.ts';
import { modelFacts } from '../../site/lib/build/modelFacts.ts';
import { greyscalePng } from '../../site/lib/build/png.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import { type GiscusSettings, giscusFrameConfig, giscusFrameUrl, giscusSettings } from '../../site/lib/comments.ts';
import type { Manifest } from '../../site/lib/manifest.ts';

const UNSET: GiscusSettings = { repo: '', repoId: '', category: '', categoryId: '', mapping: 'pathname' };
const SET: GiscusSettings = { repo: 'owner/blog', repoId: 'R_1', category: 'Comments', categoryId: 'DIC_1', mapping: 'pathname' };

describe('giscus settings', () => {
  it('are off when the repository is empty, and taken from RECEPTIVE_GISCUS when set', () => {
    expect(giscusSettings(UNSET, undefined)).toBeUndefined();
    expect(giscusSettings(UNSET, JSON.stringify(SET))).toEqual(SET);
    expect(giscusSettings(SET, undefined)).toEqual(SET);
  });

  it('fail with the field and the reason when half set', () => {
    expect(() => giscusSettings({ ...SET, categoryId: '' }, undefined)).toThrow(/site\/comments\.config\.ts: field "categoryId" is empty/);
    expect(() => giscusSettings({ ...SET, repo: 'no-slash' }, undefined)).toThrow(/field "repo" must be "owner\/name"/);
    expect(() => giscusSettings(UNSET, '{not json')).toThrow(/RECEPTIVE_GISCUS: not valid JSON/);
    expect(() => giscusSettings({ ...SET, mapping: 'number' as 'url' }, undefined)).toThrow(/field "mapping" must be one of/);
  });

  it('give the frame giscus itself would make: its origin, the locale in the path, the theme, the page as term', () => {
    const url = new URL(giscusFrameUrl(giscusFrameConfig(SET, 'ja'), new URL('https://blog.example/ja/posts/a/?x=1#h'), 'T', 'dark'));
    expect(url.origin + url.pathname).toBe('https://giscus.app/ja/widget');
    expect(url.searchParams.get('theme')).toBe('dark');
    expect(url.searchParams.get('term')).toBe('ja/posts/a/');
    expect(url.searchParams.get('origin')).toBe('https://blog.example/ja/posts/a/');
    const byTitle = new URL(
      giscusFrameUrl(giscusFrameConfig({ ...SET, mapping: 'title' }, 'en'), new URL('https://b.example/'), 'A title', 'light'),
    );
    expect(byTitle.searchParams.get('term')).toBe('A title');
  });
});

describe('readableWidth', () => {
  it('is the width at which a mermaid SVG draws its 16 px labels at 11 px', () => {
    expect(
      readableWidth('<svg style="max-width: 744px;" viewBox="0 0 744 400"><style>#mmd-ab-1{font-family:x;font-size:16px;}</style>'),
    ).toBe(511.5);
    expect(readableWidth('<svg style="max-width: 200px;"><style>#mmd-1{font-size:10px;}</style>')).toBe(200);
    expect(readableWidth('<svg viewBox="0 0 10 10"></svg>')).toBeUndefined();
  });
});

describe('greyscalePng', () => {
  it('writes a PNG whose pixel rows are the input', () => {
    const pixels = Uint8Array.from({ length: 6 }, (_, i) => i * 40);
    const png = greyscalePng(pixels, 3, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...rows]).toEqual([0, 0, 40, 80, 0, 120, 160, 200]);
    expect(() => greyscalePng(pixels, 4, 2)).toThrow(/6 pixels for 4x2/);
  });
});

describe('modelFacts', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'models-onnx', 'manifest.json'), 'utf8')) as Manifest;
  const facts = modelFacts(manifest, 3);

  it('takes accuracy, confusion and curves from the manifest for each network', () => {
    expect(facts.map((f) => f.id)).toEqual(['alexnet', 'vgg', 'googlenet']);
    for (const f of facts) {
      const entry = manifest.models[f.id];
      expect(f.confusion).toEqual(entry.confusion);
      expect(f.curves).toHaveLength(entry.training.curves.length);
      // The confusion matrix's diagonal is the accuracy the manifest states.
      const correct = f.confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
      expect(correct / manifest.dataset.testImages).toBeCloseTo(entry.accuracy, 4);
    }
  });

  it('shows test images the reference logits classify wrongly, as 28x28 PNGs', () => {
    for (const f of facts) {
      const { logits } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'models-onnx', 'reference', `${f.id}.logits.json`), 'utf8')) as {
        logits: number[][];
      };
      expect(f.mistakes.length).toBe(Math.min(3, f.mistakesCount));
      expect(f.mistakesCount).toBeGreaterThan(0);
      // Roughly the network's error rate over the reference images, not an artefact.
      expect(f.mistakesCount / f.referenceImages).toBeLessThan(0.2);
      for (const m of f.mistakes) {
        const row = logits[m.index] as number[];
        expect(row.indexOf(Math.max(...row))).toBe(m.predicted);
        expect(m.predicted).not.toBe(m.truth);
        expect(m.probability).toBeGreaterThan(0.1);
        expect(m.image).toMatch(/^data:image\/png;base64,/);
      }
    }
  });
});
