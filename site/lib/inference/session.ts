/**
 * The browser side of the data path: the one onnxruntime-web build this browser needs (backend.ts chooses it after
 * probing WebGPU, before importing anything), loaded once per page into a worker of its own (ortWorker.ts) so the page
 * never freezes (the speed lab's full-size networks get a worker each, ended with their run: createOwnedSession); one
 * session per model and backend shared by every island of the page, WebGPU first with the WASM
 * fallback and its reason recorded. Where WebGPU may run, the first answer comes from a WASM session of the same
 * binary while the WebGPU session compiles (`upgrade`).
 */

import { keepForOffline } from '../offline/register.ts';
import {
  type Backend,
  type BackendPlan,
  type BackendPreference,
  chooseBuild,
  type FallbackReason,
  type GpuProbe,
  planBackends,
  wasmThreads,
} from './backend.ts';
import type { InputTensor, Outputs } from './classify.ts';
import { AssetError, explainFailedLoad, fetchVerified, type VerifiedAsset } from './fetchVerified.ts';
import type { WorkerReply, WorkerRequest } from './ortWorker.ts';
import type { DemoModel, OrtBuild, RuntimeAssets } from './types.ts';

/** Bytes received so far of one download, or a phase after the downloads (`loaded`/`total` 0): compiling, warming up. */
export interface Progress {
  what: 'runtime' | 'model' | 'compile' | 'warmup';
  loaded: number;
  total: number;
  /** The backend compiling or warming up. */
  backend?: Backend;
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

/** One onnxruntime-web build running in its worker: requests answered in order, errors rebuilt as the page knows them. */
export class Runtime {
  private next = 0;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: unknown) => void; onProgress?: (loaded: number, total: number) => void }
  >();
  constructor(
    readonly build: OrtBuild,
    private readonly worker: Worker,
    /** A runtime of one job's own (createOwnedSession): ended by terminating it, which frees all the memory it grew. */
    readonly owned = false,
  ) {
    worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
      if ('lost' in data) return lose(this, data.lost);
      if ('progress' in data) return this.pending.get(data.id)?.onProgress?.(data.progress.loaded, data.progress.total);
      const call = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (data.ok) call?.resolve(data.value);
      else {
        const e = data.error;
        call?.reject(e.kind && e.url ? new AssetError(e.kind, e.url, e.message, e.status) : new DemoError('run', e.message));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      for (const call of this.pending.values()) call.reject(new DemoError('run', event.message || 'the inference worker failed'));
      this.pending.clear();
    };
  }
  /** Stops the worker at once; calls still waiting fail with `reason` (a cancel's AbortError, say). */
  terminate(reason: unknown = new DemoError('run', 'the inference worker was stopped')): void {
    this.worker.terminate();
    for (const call of this.pending.values()) call.reject(reason);
    this.pending.clear();
  }
  /** `onProgress` hears the bytes of a download the request makes (the wasm, for `load`). */
  call<T>(request: WorkerRequest, transfer: Transferable[] = [], onProgress?: (loaded: number, total: number) => void): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      this.worker.postMessage({ id, request }, transfer);
    });
  }
}

/** Builds loaded (or loading) in this page; a page normally has one. */
const loaded = new Set<OrtBuild>();

/**
 * A new worker running onnxruntime-web's `build`, which downloads and checks its wasm itself (`report` hears the
 * download as the runtime's); a worker that cannot start is terminated and its failure named as the runtime's. An owned
 * one ends whenever `signal` aborts, from its start on.
 */
async function startRuntime(
  runtime: RuntimeAssets,
  build: OrtBuild,
  report: ProgressListener | undefined,
  owned?: { signal?: AbortSignal },
): Promise<Runtime> {
  const assets = runtime.builds[build];
  const worker = new Runtime(
    build,
    new Worker(new URL('./ortWorker.ts', import.meta.url), { type: 'module', name: `onnxruntime ${build}` }),
    owned !== undefined,
  );
  const signal = owned?.signal;
  signal?.addEventListener('abort', () => worker.terminate(signal.reason), { once: true });
  try {
    signal?.throwIfAborted();
    const threads = wasmThreads(globalThis.crossOriginIsolated === true, navigator.hardwareConcurrency, overrides.threads);
    const request = {
      op: 'load',
      module: assets.module,
      base: runtime.base,
      wasm: assets.wasm,
      threads,
      verbose: overrides.verbose,
    } as const;
    keepForOffline(await worker.call<string[]>(request, [], (loaded, total) => report?.({ what: 'runtime', loaded, total })));
    return worker;
  } catch (error) {
    worker.terminate(); // a worker remembers a module import that failed: a retry starts a new one
    if (signal?.aborted) throw signal.reason;
    // A worker that could not start says nothing of why: offline (or a missing file) is named as the runtime's.
    throw error instanceof DemoError ? await explainFailedLoad(assets.module, error) : error;
  }
}

/** onnxruntime-web's `build`, imported in a new worker on first use, once per page, with its wasm's download progress. */
export function loadRuntime(runtime: RuntimeAssets, build: OrtBuild, onProgress?: ProgressListener): Promise<Runtime> {
  loaded.add(build);
  const assets = runtime.builds[build];
  return shared(`ort:${assets.module}`, onProgress, (report) => startRuntime(runtime, build, report)).catch((error: unknown) => {
    loaded.delete(build);
    throw error;
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

/** Asks for an adapter on the page (cheap) before any runtime is imported: the answer picks the build. */
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

function lose(runtime: Runtime, detail: string): void {
  deviceLost = true;
  for (const [key, made] of sessions)
    void made.then((s) => s.runtime === runtime && s.backend === 'webgpu' && sessions.delete(key) && opened.delete(key));
  for (const listener of lostListeners) listener(detail);
}

/** The build for this plan: a CPU-only plan reuses a build the page already loaded (every build holds the CPU kernels). */
function buildFor(preference: BackendPreference, gpu: GpuProbe): OrtBuild {
  const wanted = chooseBuild(preference, gpu, 'Suspending' in WebAssembly);
  const [already] = loaded;
  return wanted === 'wasm' && already ? already : wanted;
}

// --- Sessions ------------------------------------------------------------------------------------------------------
/** One model on one backend in a runtime's worker, with the latencies measured in this page (shared by every island using it). */
export interface ModelSession {
  runtime: Runtime;
  key: string;
  backend: Backend;
  /** Milliseconds of the first run, which includes WebGPU's shader compilation. */
  firstRunMs?: number;
  warmRunsMs: number[];
}

/** A session and why it is on the backend it is on. */
export interface SessionChoice {
  handle: ModelSession;
  fallback?: { reason: FallbackReason; detail?: string };
  /**
   * Set when this WASM session answers while WebGPU waits: call it after the first answer to create the WebGPU session
   * (its choice, or this one with the reason WebGPU failed).
   */
  upgrade?: () => Promise<SessionChoice>;
}

const sessions = new Map<string, Promise<ModelSession>>();
/** Keys of `sessions` whose creation has finished. */
const opened = new Set<string>();
let ownedCount = 0;

function createSession(
  runtime: Runtime,
  key: string,
  backend: Backend,
  model: Uint8Array,
  report?: ProgressListener,
  externalData?: { path: string; data: Uint8Array }[],
): Promise<ModelSession> {
  report?.({ what: 'compile', loaded: 0, total: 0, backend });
  const transfer = externalData?.map((d) => d.data.buffer as ArrayBuffer) ?? [];
  return runtime
    .call({ op: 'create', key, model, backend, externalData }, transfer)
    .then(() => ({ runtime, key, backend, warmRunsMs: [] }));
}

function sessionFor(
  runtime: Runtime,
  model: DemoModel,
  bytes: Uint8Array,
  backend: Backend,
  report?: ProgressListener,
): Promise<ModelSession> {
  const key = `${runtime.build}:${model.id}:${backend}`;
  let made = sessions.get(key);
  if (!made) {
    made = createSession(runtime, key, backend, bytes, report);
    made.then(() => opened.add(key)).catch(() => sessions.delete(key));
    sessions.set(key, made);
  }
  return made;
}

/** The one fallback loop: WebGPU first when the plan has it, WASM after a WebGPU session that failed, with the reason. */
async function firstThatOpens(plan: BackendPlan, open: (backend: Backend) => Promise<ModelSession>): Promise<SessionChoice> {
  let fallback: SessionChoice['fallback'] = plan.reason ? { reason: plan.reason } : undefined;
  for (const backend of plan.order) {
    try {
      return { handle: await open(backend), fallback };
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

/** The plan and the runtime for it, or the reason the forced backend cannot run. */
async function prepare(runtime: RuntimeAssets, preference: BackendPreference, onProgress?: ProgressListener) {
  // WASM chosen: no adapter asked for (the probe's only use is to pick WebGPU).
  const gpu = preference === 'wasm' ? { hasNavigatorGpu: false, hasAdapter: false, deviceLost } : await probeGpu();
  const plan = planBackends(preference, gpu);
  if (plan.order.length === 0) throw new DemoError('webgpu-unavailable', plan.unavailable ?? 'no-adapter');
  const build = buildFor(preference, gpu);
  return { plan, build, load: () => loadRuntime(runtime, build, onProgress) };
}

/**
 * The session of `model` for the reader's preference: WebGPU when it can, else WASM, with the reason. In `auto`, while
 * no WebGPU session of the model exists yet, a WASM session answers first and `upgrade` brings the WebGPU one.
 */
export async function getSession(
  model: DemoModel,
  runtime: RuntimeAssets,
  preference: BackendPreference,
  onProgress?: ProgressListener,
): Promise<SessionChoice> {
  const { plan, load } = await prepare(runtime, preference, onProgress);
  const [rt, bytes] = await Promise.all([load(), modelBytes(model.file, onProgress)]);
  const open = (backend: Backend) => sessionFor(rt, model, bytes, backend, onProgress);
  const gpuReady = opened.has(`${rt.build}:${model.id}:webgpu`);
  if (preference !== 'auto' || gpuReady || plan.order[0] !== 'webgpu') return firstThatOpens(plan, open);
  const handle = await open('wasm');
  return {
    handle,
    fallback: { reason: 'webgpu-pending' },
    upgrade: () => firstThatOpens(plan, open).then((choice) => (choice.handle.backend === 'webgpu' ? choice : { ...choice, handle })),
  };
}

/** Outputs of one run, copied out of ORT's tensors. */
export interface RunResult {
  outputs: Outputs;
  ms: number;
}

/**
 * A session of its own for a graph whose weights come as external data in memory, e.g. the speed lab's synthesized
 * ones, handed over to the worker (`externalData` is emptied); WebGPU first with the same fallback as getSession. It runs
 * in a worker of its own: releaseSession ends that worker, so the memory its WebAssembly heap grew to (wasm memory never
 * shrinks) goes back to the system, and an abort of `signal` ends it at once, whatever it is doing.
 */
export async function createOwnedSession(
  runtime: RuntimeAssets,
  graph: Uint8Array,
  externalData: { path: string; data: Uint8Array }[],
  preference: BackendPreference,
  onProgress?: ProgressListener,
  signal?: AbortSignal,
): Promise<SessionChoice> {
  const { plan, build } = await prepare(runtime, preference, onProgress);
  signal?.throwIfAborted();
  const rt = await startRuntime(runtime, build, onProgress, { signal });
  try {
    signal?.throwIfAborted();
    const key = `owned:${ownedCount++}`;
    // Each attempt sends its own weights to the worker: the last one hands the caller's over, the ones before copy.
    const weightsFor = (backend: Backend) =>
      backend === plan.order.at(-1) ? externalData : externalData.map((d) => ({ path: d.path, data: d.data.slice() }));
    return await firstThatOpens(plan, (backend) => createSession(rt, `${key}:${backend}`, backend, graph, onProgress, weightsFor(backend)));
  } catch (error) {
    rt.terminate();
    throw signal?.aborted ? signal.reason : error;
  }
}

/** Frees a session's memory: an owned session's whole worker ends, another's session is released in its worker. */
export async function releaseSession(handle: ModelSession): Promise<void> {
  if (handle.runtime.owned) return handle.runtime.terminate();
  await handle.runtime.call({ op: 'release', key: handle.key });
}

/**
 * Runs one input (see classify.ts) in the session's worker; records the latency as the first or a warm run of this
 * session. `fetches` names the outputs wanted (the logits alone, for most islands): ORT then neither copies nor keeps the
 * other activations.
 */
export async function runModel(
  handle: ModelSession,
  model: Pick<DemoModel, 'inputName'>,
  input: InputTensor,
  fetches?: string[],
): Promise<RunResult> {
  if (handle.backend === 'webgpu' && deviceLost) throw new DemoError('device-lost', 'the WebGPU device was lost');
  const feeds: Outputs = { [model.inputName]: { data: input.data, dims: input.dims } };
  let result: RunResult;
  try {
    result = await handle.runtime.call({ op: 'run', key: handle.key, feeds, fetches });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (handle.backend === 'webgpu' && deviceLost) throw new DemoError('device-lost', detail);
    throw error instanceof DemoError ? error : new DemoError('run', detail);
  }
  if (handle.firstRunMs === undefined) handle.firstRunMs = result.ms;
  else handle.warmRunsMs.push(result.ms);
  return result;
}

export { AssetError };
