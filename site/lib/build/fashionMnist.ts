/** Reads the committed Fashion-MNIST test set (idx files, gzip) so Node tools need neither Python nor apt. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO_ROOT } from './repoRoot.ts';

export const TEST_SET_DIR = path.join(REPO_ROOT, 'models-onnx', 'fashion-mnist');

export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Parses one unsigned-byte idx file; throws with the path and the cause when it is not one. */
export function readIdx(path: string): IdxArray {
  const raw = gunzipSync(readFileSync(path));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0);
  if (magic >> 8 !== 0x08) throw new Error(`${path}: not an unsigned-byte idx file (magic 0x${magic.toString(16)})`);
  const ndim = magic & 0xff;
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * ndim;
  const expected = shape.reduce((a, b) => a * b, 1);
  if (raw.byteLength - offset !== expected) {
    throw new Error(`${path}: header says ${shape.join('x')}, file holds ${raw.byteLength - offset} values`);
  }
  return { shape, data: new Uint8Array(raw.buffer, raw.byteOffset + offset, expected) };
}

export interface TestSet {
  count: number;
  /** Height and width of one image, from the idx header (28 x 28). */
  side: [number, number];
  /** count x height x width grey pixels, 0 = background. */
  images: Uint8Array;
  labels: Uint8Array;
}

/** The 10k test images and labels, in the dataset's order (index i is test image i everywhere on the site). */
export function loadTestSet(dir: string = TEST_SET_DIR): TestSet {
  const images = readIdx(`${dir}/t10k-images-idx3-ubyte.gz`);
  const labels = readIdx(`${dir}/t10k-labels-idx1-ubyte.gz`);
  if (images.shape[0] !== labels.shape[0]) {
    throw new Error(`${dir}: ${images.shape[0]} images but ${labels.shape[0]} labels`);
  }
  return { count: labels.shape[0], side: [images.shape[1] ?? 0, images.shape[2] ?? 0], images: images.data, labels: labels.data };
}
