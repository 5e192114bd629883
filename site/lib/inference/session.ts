/**
 * The browser side of the data path: onnxruntime-web (WebGPU build) loaded once per page on first use, one session per
 * model and backend shared by every island of the page, WebGPU first with the WASM fallback and its reason recorded,
 * runs serialized (ORT runs one inference at a time per page). The decisions themselves live in backend.ts.
 */
import type * as OrtModule from 'onnxruntime-web/webgpu';
import { type Backend, type BackendPreference, type FallbackReason, type GpuProbe, planBackends, wasmThreads } from './backend.ts';
import type { InputTensor, Outputs } from './classify.ts';
import { AssetError, fetchVerified, type VerifiedAsset } from './fetchVerified.ts';
import type { DemoModel, RuntimeAssets } from './types.ts';

export type Ort = typeof OrtModule;

/** Bytes received so far of one download. */
export interface Progress {
  what: 'runtime' | 'model';
  loaded: number;
  total: number;
}
type ProgressListener = (p: Progress) => void;

/** A failure the island shows as a localized message. */
export class DemoError extends Error {
  readonly kind: 'webgpu-unavailable' | 'device-lost' | 'run';
  readonly detail: string;
  constructor(kind: DemoError['kind'], detail: string) {
    super(`${kind}: ${detail}`);
    this.name = 'DemoError';
    this.kind = kind;
    this.detail = detail;
  }
}

/** A download shared by every island that asks for it, each caller hearing its progress. */
interface SharedDownload<T> {
  promise: Promise<T>;
  listeners: Set<ProgressListener>;
  last?: Progress;
}
const downloads = new Map<string, SharedDownload<unknown>>();

function shared<T>(key: string, onProgress: ProgressListener | undefined, make: (report: ProgressListener) => Promise<T>): Promise<T> {
  let entry = downloads.get(key) as SharedDownload<T> | undefined;
  if (!entry) {
    const listeners = new Set<ProgressListener>();
    const created: SharedDownload<T> = { listeners, promise: Promise.resolve() as Promise<T> };
    created.promise = make((p) => {
      created.last = p;
      for (const listener of listeners) listener(p);
    }).catch((error: unknown) => {
      downloads.delete(key); // let a later attempt retry
      throw error;
    });
    entry = created;
    downloads.set(key, entry as SharedDownload<unknown>);
  }
  if (onProgress) {
    entry.listeners.add(onProgress);
    if (entry.last) onProgress(entry.last);
    const listeners = entry.listeners;
    void entry.promise.finally(() => listeners.delete(onProgress)).catch(() => undefined);
  }
  return entry.promise;
}

/** Page-wide switches read from the URL: `?backend=wasm|webgpu`, `?threads=N`, `?ort-log=verbose` (node placement log). */
export interface PageOverrides {
  threads?: number;
  verbose: boolean;
}
let overrides: PageOverrides = { verbose: false };
export function setPageOverrides(value: PageOverrides): void {
  overrides = value;
}

let runtimeImports = 0;
/**
 * onnxruntime-web's module. A failed import (offline, a missing file) says only "failed to fetch"; this asks the server
 * what happened and throws an AssetError naming the file, so the reader reads "could not download ONNX Runtime (…)",
 * not "the model failed to run". A later attempt adds `?retry=N`: a browser may remember a module URL that failed.
 */
async function importRuntime(url: string): Promise<Ort> {
  const attempt = runtimeImports++;
  try {
    return (await import(/* @vite-ignore */ attempt === 0 ? url : `${url}?retry=${attempt}`)) as Ort;
  } catch (error) {
    const status = await fetch(url, { method: 'HEAD', cache: 'no-store' }).then(
      (response) => (response.ok ? 'ok' : response.status),
      () => 'offline' as const,
    );
    if (status === 'ok') throw error;
    if (status === 'offline') throw new AssetError('network', url, `${url}: ${error instanceof Error ? error.message : String(error)}`);
    throw new AssetError('http', url, `${url}: HTTP ${status}`, status);
  }
}

/** onnxruntime-web, imported from our origin on first use; its wasm fetched with progress and checked first. */
export function loadRuntime(runtime: RuntimeAssets, onProgress?: ProgressListener): Promise<Ort> {
  return shared(`ort:${runtime.module}`, onProgress, async (report) => {
    const [{ bytes }, ort] = await Promise.all([
      fetchVerified(runtime.wasm, { onProgress: (loaded, total) => report({ what: 'runtime', loaded, total }) }),
      importRuntime(runtime.module),
    ]);
    ort.env.wasm.wasmBinary = bytes;
    ort.env.wasm.wasmPaths = runtime.base;
    ort.env.wasm.numThreads = wasmThreads(globalThis.crossOriginIsolated === true, navigator.hardwareConcurrency, overrides.threads);
    if (overrides.verbose) ort.env.logLevel = 'verbose';
    return ort;
  });
}

/** The model's bytes, fetched once per page and verified (InsideView reads its filters from the same bytes). */
export function modelBytes(file: VerifiedAsset, onProgress?: ProgressListener): Promise<Uint8Array> {
  return shared(`model:${file.url}`, onProgress, async (report) => {
    const { bytes } = await fetchVerified(file, { onProgress: (loaded, total) => report({ what: 'model', loaded, total }) });
    return bytes;
  });
}

// --- WebGPU availability and device loss ---------------------------------------------------------------------------
let probe: Promise<GpuProbe> | null = null;
let deviceLost = false;
const lostListeners = new Set<(detail: string) => void>();

function probeGpu(): Promise<GpuProbe> {
  probe ??= (async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return { hasNavigatorGpu: false, hasAdapter: false, deviceLost };
    const adapter = await gpu.requestAdapter().catch(() => null);
    return { hasNavigatorGpu: true, hasAdapter: Boolean(adapter), deviceLost };
  })();
  return probe.then((p) => ({ ...p, deviceLost }));
}

/** Calls `listener` with the browser's message when the page's WebGPU device is lost; returns the unsubscribe. */
export function onDeviceLost(listener: (detail: string) => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

let watching = false;
async function watchDevice(ort: Ort): Promise<void> {
  if (watching) return;
  watching = true;
  const device = (await ort.env.webgpu.device) as { lost: Promise<{ reason: string; message: string }> };
  const info = await device.lost;
  deviceLost = true;
  for (const key of [...sessions.keys()]) if (key.endsWith(':webgpu')) sessions.delete(key);
  const detail = info.message || info.reason || 'unknown';
  for (const listener of lostListeners) listener(detail);
}

// --- Sessions ------------------------------------------------------------------------------------------------------
/** One model on one backend, with the latencies measured in this page (shared by every island using it). */
export interface ModelSession {
  ort: Ort;
  session: OrtModule.InferenceSession;
  backend: Backend;
  /** Milliseconds of the first run, which includes WebGPU's shader compilation. */
  firstRunMs?: number;
  warmRunsMs: number[];
}

/** A session and why it is on the backend it is on. */
export interface SessionChoice {
  handle: ModelSession;
  fallback?: { reason: FallbackReason; detail?: string };
}

const sessions = new Map<string, Promise<ModelSession>>();

function sessionFor(ort: Ort, model: DemoModel, bytes: Uint8Array, backend: Backend): Promise<ModelSession> {
  const key = `${model.id}:${backend}`;
  let made = sessions.get(key);
  if (!made) {
    made = ort.InferenceSession.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      logSeverityLevel: overrides.verbose ? 0 : 3,
      logVerbosityLevel: 0,
    }).then((session) => ({ ort, session, backend, warmRunsMs: [] }));
    made.catch(() => sessions.delete(key));
    sessions.set(key, made);
  }
  return made;
}

/** The session of `model` for the reader's preference: WebGPU when it can, else WASM, with the reason. */
export async function getSession(
  model: DemoModel,
  runtime: RuntimeAssets,
  preference: BackendPreference,
  onProgress?: ProgressListener,
): Promise<SessionChoice> {
  const plan = planBackends(preference, await probeGpu());
  if (plan.order.length === 0) throw new DemoError('webgpu-unavailable', plan.unavailable ?? 'no-adapter');
  const [ort, bytes] = await Promise.all([loadRuntime(runtime, onProgress), modelBytes(model.file, onProgress)]);
  let fallback: SessionChoice['fallback'] = plan.reason ? { reason: plan.reason } : undefined;
  for (const backend of plan.order) {
    try {
      const handle = await sessionFor(ort, model, bytes, backend);
      if (backend === 'webgpu') void watchDevice(ort).catch(() => undefined);
      return { handle, fallback };
    } catch (error) {
      if (backend === 'webgpu' && plan.order.includes('wasm')) {
        fallback = { reason: 'session-error', detail: error instanceof Error ? error.message : String(error) };
        continue;
      }
      throw error;
    }
  }
  throw new DemoError('run', 'no backend could run the model');
}

/** Outputs of one run, copied out of ORT's tensors. */
export interface RunResult {
  outputs: Outputs;
  ms: number;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `job` after every inference queued before it (ORT runs one inference at a time per page) and before any after it. */
export function serialize<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * A session of its own (not shared, not cached: the caller releases it) for a graph whose weights come as external data
 * in memory, e.g. the speed lab's synthesized ones; WebGPU first with the same fallback as getSession.
 */
export async function createOwnedSession(
  runtime: RuntimeAssets,
  graph: Uint8Array,
  externalData: { path: string; data: Uint8Array }[],
  preference: BackendPreference,
  onProgress?: ProgressListener,
): Promise<SessionChoice> {
  const plan = planBackends(preference, await probeGpu());
  if (plan.order.length === 0) throw new DemoError('webgpu-unavailable', plan.unavailable ?? 'no-adapter');
  const ort = await loadRuntime(runtime, onProgress);
  let fallback: SessionChoice['fallback'] = plan.reason ? { reason: plan.reason } : undefined;
  for (const backend of plan.order) {
    try {
      const session = await ort.InferenceSession.create(graph, {
        executionProviders: [backend],
        graphOptimizationLevel: 'all',
        externalData,
        logSeverityLevel: overrides.verbose ? 0 : 3,
        logVerbosityLevel: 0,
      });
      if (backend === 'webgpu') void watchDevice(ort).catch(() => undefined);
      return { handle: { ort, session, backend, warmRunsMs: [] }, fallback };
    } catch (error) {
      if (backend === 'webgpu' && plan.order.includes('wasm')) {
        fallback = { reason: 'session-error', detail: error instanceof Error ? error.message : String(error) };
        continue;
      }
      throw error;
    }
  }
  throw new DemoError('run', 'no backend could run the model');
}

/** True once the page's WebGPU device was lost (ORT keeps one device per page). */
export const webGpuLost = (): boolean => deviceLost;

/** Runs one input (see classify.ts); records the latency as the first or a warm run of this session. */
export function runModel(handle: ModelSession, model: DemoModel, input: InputTensor): Promise<RunResult> {
  const job = queue.then(async () => {
    if (handle.backend === 'webgpu' && deviceLost) throw new DemoError('device-lost', 'the WebGPU device was lost');
    const feeds = { [model.inputName]: new handle.ort.Tensor('float32', input.data, input.dims) };
    const started = performance.now();
    let results: OrtModule.InferenceSession.ReturnType;
    try {
      results = await handle.session.run(feeds);
    } catch (error) {
      if (handle.backend === 'webgpu' && deviceLost)
        throw new DemoError('device-lost', error instanceof Error ? error.message : String(error));
      throw new DemoError('run', error instanceof Error ? error.message : String(error));
    }
    const ms = performance.now() - started;
    if (handle.firstRunMs === undefined) handle.firstRunMs = ms;
    else handle.warmRunsMs.push(ms);
    const outputs: RunResult['outputs'] = {};
    for (const [name, tensor] of Object.entries(results)) {
      outputs[name] = { data: Float32Array.from(tensor.data as Float32Array), dims: tensor.dims };
      tensor.dispose();
    }
    return { outputs, ms };
  });
  queue = job.catch(() => undefined);
  return job;
}

export { AssetError };
