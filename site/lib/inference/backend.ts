/** Which execution provider to try, in which order, and why WASM ran when it did: the fallback decision, browser-free. */
import type { OrtBuild } from './types.ts';

export type Backend = 'webgpu' | 'wasm';
/** What the reader asked for with the backend control; `auto` = WebGPU when the browser can, else WASM. */
export type BackendPreference = 'auto' | Backend;
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'wasm'];

/** Why a session did not run on WebGPU (`webgpu-pending`: WASM answers while the WebGPU session compiles). */
export type FallbackReason = 'forced' | 'no-navigator-gpu' | 'no-adapter' | 'session-error' | 'device-lost' | 'webgpu-pending';

/** What the browser offers, probed once per page. */
export interface GpuProbe {
  hasNavigatorGpu: boolean;
  /** `navigator.gpu.requestAdapter()` gave an adapter. */
  hasAdapter: boolean;
  /** The page's WebGPU device was lost earlier (ORT keeps one device per page, so WebGPU is done for this page). */
  deviceLost: boolean;
}

export interface BackendPlan {
  /** Backends to try, in order; empty when the forced backend cannot run (see `unavailable`). */
  order: Backend[];
  /** Set when the plan skips WebGPU: the reason the badge shows. */
  reason?: FallbackReason;
  /** Forced WebGPU that this browser cannot run, and why. */
  unavailable?: FallbackReason;
}

/** The fallback decision: WebGPU first when the browser has an adapter, WASM otherwise or when forced. */
export function planBackends(preference: BackendPreference, probe: GpuProbe): BackendPlan {
  if (preference === 'wasm') return { order: ['wasm'], reason: 'forced' };
  const missing: FallbackReason | undefined = !probe.hasNavigatorGpu
    ? 'no-navigator-gpu'
    : !probe.hasAdapter
      ? 'no-adapter'
      : probe.deviceLost
        ? 'device-lost'
        : undefined;
  if (preference === 'webgpu') return missing ? { order: [], unavailable: missing } : { order: ['webgpu'] };
  return missing ? { order: ['wasm'], reason: missing } : { order: ['webgpu', 'wasm'] };
}

/**
 * The one onnxruntime-web build a page loads: the CPU-only build unless WebGPU may run, else the JSPI build where the
 * browser has `WebAssembly.Suspending`, else the asyncify build. Both WebGPU builds also hold the CPU kernels.
 */
export function chooseBuild(preference: BackendPreference, probe: GpuProbe, hasSuspending: boolean): OrtBuild {
  if (!planBackends(preference, probe).order.includes('webgpu')) return 'wasm';
  return hasSuspending ? 'jspi' : 'asyncify';
}

/**
 * WASM threads: several only when the page is cross-origin isolated (SharedArrayBuffer needs it), at most 4 and never
 * more than the machine's cores; ORT gets the number explicitly rather than guessing.
 */
export function wasmThreads(crossOriginIsolated: boolean, hardwareConcurrency: number | undefined, requested?: number): number {
  if (!crossOriginIsolated) return 1;
  const cores = Math.max(1, Math.floor(hardwareConcurrency ?? 1));
  if (requested !== undefined && requested >= 1) return Math.min(Math.floor(requested), cores);
  return Math.min(4, cores);
}

/** Reads `?backend=` / `?threads=` / `?ort-log=` from a page URL: the way to force a backend from a link (and tests). */
export function urlOverrides(search: string): { backend?: BackendPreference; threads?: number; verbose: boolean } {
  const params = new URLSearchParams(search);
  const backend = params.get('backend');
  const threads = Number(params.get('threads'));
  return {
    backend: (BACKEND_PREFERENCES as readonly string[]).includes(backend ?? '') ? (backend as BackendPreference) : undefined,
    threads: Number.isInteger(threads) && threads >= 1 ? threads : undefined,
    verbose: params.get('ort-log') === 'verbose',
  };
}
