/**
 * The inference worker: one onnxruntime-web build imported here, its wasm downloaded and checked here, off the page's
 * main thread, with its sessions and runs, so reading and hashing the 14 MB wasm, compiling it, creating a session or
 * running a large net never freezes the page. Requests run one at a time, in the order they came (ORT runs one call at a
 * time per wasm instance). session.ts is its only client.
 */
import type * as OrtModule from 'onnxruntime-web/webgpu';
import type { Backend } from './backend.ts';
import type { Outputs as Tensors } from './classify.ts';
import { AssetError, explainFailedLoad, fetchVerified, type VerifiedAsset } from './fetchVerified.ts';
import { demoSessionOptions } from './sessionOptions.ts';

type Ort = typeof OrtModule;

export type WorkerRequest =
  | { op: 'load'; module: string; base: string; wasm: VerifiedAsset; threads: number; verbose: boolean }
  | { op: 'create'; key: string; model: Uint8Array; backend: Backend; externalData?: { path: string; data: Uint8Array }[] }
  | { op: 'run'; key: string; feeds: Tensors; fetches?: string[] }
  | { op: 'release'; key: string };

/** An error as it crosses to the page: enough to rebuild an AssetError, else its message. */
export interface WorkerError {
  name: string;
  message: string;
  kind?: AssetError['kind'];
  url?: string;
  status?: number;
}

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; progress: { loaded: number; total: number } }
  | { id: number; ok: false; error: WorkerError }
  | { id: -1; lost: string };

const scope = self as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<{ id: number; request: WorkerRequest }>) => void) | null;
};

let ort: Ort | undefined;
let verbose = false;
const sessions = new Map<string, OrtModule.InferenceSession>();

/**
 * The build's module. A failed import (offline, a missing file) says only "failed to fetch"; this asks the server what
 * happened and throws an AssetError naming the file, so the reader reads "could not download ONNX Runtime (…)".
 */
async function importRuntime(url: string): Promise<Ort> {
  try {
    return (await import(/* @vite-ignore */ url)) as Ort;
  } catch (error) {
    throw await explainFailedLoad(url, error);
  }
}

function runtime(): Ort {
  if (!ort) throw new Error('onnxruntime-web is not loaded in this worker');
  return ort;
}

let watching = false;
/** Tells the page when the WebGPU device is lost (ORT keeps one device per wasm instance: WebGPU is done here). */
async function watchDevice(): Promise<void> {
  if (watching) return;
  watching = true;
  const device = (await runtime().env.webgpu.device) as { lost: Promise<{ reason: string; message: string }> };
  const info = await device.lost;
  scope.postMessage({ id: -1, lost: info.message || info.reason || 'unknown' });
}

async function handle(id: number, request: WorkerRequest): Promise<{ value: unknown; transfer?: Transferable[] }> {
  switch (request.op) {
    case 'load': {
      // Both started at once. A failed import stops the download and waits for it to end before saying so: a download
      // still running would keep a retry that joins it waiting, and the retry's download of the same URL could then
      // fail in Chromium (ERR_CACHE_WRITE_FAILURE).
      const stop = new AbortController();
      const download = fetchVerified(request.wasm, {
        signal: stop.signal,
        onProgress: (loaded, total) => scope.postMessage({ id, progress: { loaded, total } }),
      });
      // Settles either way (and so marks the download's failure handled while the import still runs).
      const downloadEnded = download.then(
        () => undefined,
        () => undefined,
      );
      const module = await importRuntime(request.module).catch(async (error: unknown) => {
        stop.abort();
        await downloadEnded;
        throw error;
      });
      const wasm = await download;
      ort = module;
      const { env } = ort;
      env.wasm.wasmBinary = wasm.bytes;
      env.wasm.wasmPaths = request.base;
      env.wasm.numThreads = request.threads;
      verbose = request.verbose;
      if (verbose) env.logLevel = 'verbose';
      // The files this worker fetched (itself, the build's module and glue, the wasm), for the offline cache.
      return { value: [self.location.href, ...performance.getEntriesByType('resource').map((e) => e.name)] };
    }
    case 'create': {
      const session = await runtime().InferenceSession.create(request.model, {
        ...demoSessionOptions,
        executionProviders: [request.backend],
        externalData: request.externalData,
        logSeverityLevel: verbose ? 0 : 3,
        logVerbosityLevel: 0,
      });
      sessions.set(request.key, session);
      if (request.backend === 'webgpu') void watchDevice().catch(() => undefined);
      return { value: null };
    }
    case 'run': {
      const session = sessions.get(request.key);
      if (!session) throw new Error(`no session "${request.key}"`);
      const { Tensor } = runtime();
      const feeds = Object.fromEntries(
        Object.entries(request.feeds).map(([name, t]) => [name, new Tensor('float32', t.data, t.dims as number[])]),
      );
      const started = performance.now();
      const results = await (request.fetches ? session.run(feeds, request.fetches) : session.run(feeds));
      const ms = performance.now() - started;
      const outputs: Tensors = {};
      const transfer: Transferable[] = [];
      for (const [name, tensor] of Object.entries(results)) {
        const data = Float32Array.from(tensor.data as Float32Array);
        outputs[name] = { data, dims: tensor.dims };
        transfer.push(data.buffer);
        tensor.dispose();
      }
      return { value: { outputs, ms }, transfer };
    }
    case 'release':
      await sessions.get(request.key)?.release();
      sessions.delete(request.key);
      return { value: null };
  }
}

function describe(error: unknown): WorkerError {
  if (error instanceof AssetError)
    return { name: error.name, message: error.message, kind: error.kind, url: error.url, status: error.status };
  return { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}

let chain: Promise<void> = Promise.resolve();
scope.onmessage = ({ data: { id, request } }) => {
  chain = chain.then(async () => {
    try {
      const { value, transfer } = await handle(id, request);
      scope.postMessage({ id, ok: true, value }, transfer);
    } catch (error) {
      scope.postMessage({ id, ok: false, error: describe(error) });
    }
  });
};
