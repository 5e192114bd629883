/** fetchVerified against a real local HTTP server: progress in bytes, and 404 / truncated / tampered files refused. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/staticServer.ts';
import { AssetError, cacheKey, fetchVerified, sha256Hex } from '../../site/lib/inference/fetchVerified.ts';

let dir: string;
let server: StaticServer;
const body = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
const sha = createHash('sha256').update(body).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fetch-verified-'));
  await writeFile(path.join(dir, 'model.onnx'), body);
  await writeFile(path.join(dir, 'short.onnx'), body.subarray(0, 1000));
  const tampered = Uint8Array.from(body);
  tampered[5] ^= 0xff;
  await writeFile(path.join(dir, 'tampered.onnx'), tampered);
  await writeFile(path.join(dir, '404.html'), 'not found');
  server = await serveStatic(dir);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const asset = (name: string) => ({ url: `${server.origin}/${name}`, sha256: sha, bytes: body.length });

describe('fetchVerified', () => {
  it('downloads, reports progress in bytes, checks the sha256, fetches the hash-qualified URL', async () => {
    const seen: number[] = [];
    const { bytes } = await fetchVerified(asset('model.onnx'), { onProgress: (loaded, total) => seen.push(loaded / total) });
    expect(await sha256Hex(bytes)).toBe(sha);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    // In between: growing, at most every 50 ms (a fast download may report only its start and end).
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(cacheKey(asset('model.onnx'))).toContain(`sha256=${sha}`);
  });
  it('refuses a 404, a truncated and a tampered file with the reason', async () => {
    await expect(fetchVerified(asset('missing.onnx'))).rejects.toMatchObject({ kind: 'http', status: 404 });
    await expect(fetchVerified(asset('short.onnx'))).rejects.toMatchObject({ kind: 'truncated' });
    const error = await fetchVerified(asset('tampered.onnx')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetError);
    expect(error).toMatchObject({ kind: 'checksum' });
    expect(String((error as Error).message)).toMatch(/sha256/);
  });
});
