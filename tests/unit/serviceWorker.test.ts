/** The offline cache's build half: the version follows every file of the build, and the worker carries it. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVersion, serviceWorkerSource, versionOf } from '../../site/lib/build/serviceWorker.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'receptive-sw-'));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html>');
  await writeFile(path.join(dir, 'models', 'a.onnx'), 'weights');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('buildVersion', () => {
  it('changes when any file changes or moves, and ignores the worker itself', async () => {
    const first = buildVersion(dir);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    await writeFile(path.join(dir, 'sw.js'), serviceWorkerSource(first));
    expect(buildVersion(dir)).toBe(first);
    await writeFile(path.join(dir, 'models', 'a.onnx'), 'weightz');
    const second = buildVersion(dir);
    expect(second).not.toBe(first);
    await rm(path.join(dir, 'models', 'a.onnx'));
    await writeFile(path.join(dir, 'models', 'b.onnx'), 'weightz');
    expect(buildVersion(dir)).not.toBe(second);
  });
});

describe('serviceWorkerSource', () => {
  it('writes the version into the worker, where versionOf finds it', () => {
    const source = serviceWorkerSource('0123456789abcdef');
    expect(versionOf(source)).toBe('0123456789abcdef');
    expect(source).not.toContain('__RECEPTIVE_BUILD_VERSION__');
    expect(source).toContain("addEventListener('fetch'");
  });
  it('refuses a version that could break out of the string', () => {
    expect(() => serviceWorkerSource("x'; evil();'")).toThrow(/version/);
  });
});
