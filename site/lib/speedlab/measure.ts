/**
 * The speed lab's run of one full-size network in the browser: graph fetched from our origin, weights synthesized, a
 * session in a worker of its own (ended afterwards, so the hundreds of MB its heap grew to do not stay behind), one
 * warm-up run then N timed runs. A cancel ends it at once, even in the middle of a session's creation or of a run; a
 * run slower than the time limit ends the measurement with a timeout.
 */
import type { BackendPreference } from '../inference/backend.ts';
import { fetchVerified } from '../inference/fetchVerified.ts';
import { median } from '../inference/postprocess.ts';
import { createOwnedSession, DemoError, type Progress, releaseSession, runModel, type SessionChoice } from '../inference/session.ts';
import type { RuntimeAssets } from '../inference/types.ts';
import { DEFAULT_SEED, synthesizeInput, synthesizeWeights } from './synthWeights.ts';
import type { SpeedLabNetwork } from './types.ts';
import { networkLayout } from './weightLayout.ts';

/** Above this many bytes of weights the island asks before it runs a network (VGG-16's 553 MB; AlexNet's 244 MB runs at once). */
export const CONFIRM_ABOVE_BYTES = 300e6;
/** One inference slower than this ends the measurement: the device is too slow or has stalled. */
export const RUN_TIMEOUT_MS = 60_000;

/** Memory a network needs while it loads: the weights made in the page plus the runtime's copy of them. */
export const peakBytes = (network: SpeedLabNetwork): number => 2 * network.weights.bytes + network.graph.bytes;

/** What the island is doing, for its progress line. */
export type Phase = 'graph' | 'runtime' | 'weights' | 'session' | 'warmup' | 'runs';

export interface MeasureOptions {
  runs: number;
  preference: BackendPreference;
  signal: AbortSignal;
  /** Milliseconds one inference may take before the measurement stops with a timeout. */
  runTimeoutMs: number;
  onPhase: (phase: Phase, progress?: { done: number; total: number }) => void;
  onRuntimeProgress?: (p: Progress) => void;
}

export interface Measurement {
  backend: SessionChoice['handle']['backend'];
  fallback: SessionChoice['fallback'];
  /** The warm-up run (WebGPU compiles its shaders here). */
  firstMs: number;
  runsMs: number[];
  medianMs: number;
  /** Billions of floating-point operations per second: 2 × multiply-adds / median latency. */
  gflops: number;
  logits: Float32Array;
}

/** A measurement that stopped because a run took longer than its limit. */
export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`one run took longer than ${Math.round(ms / 1000)} s`);
    this.name = 'TimeoutError';
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

export async function measureNetwork(network: SpeedLabNetwork, runtime: RuntimeAssets, options: MeasureOptions): Promise<Measurement> {
  const { signal, onPhase } = options;
  onPhase('graph');
  const { bytes: graph } = await fetchVerified(network.graph);
  signal.throwIfAborted();
  const layout = networkLayout(graph, network);
  onPhase('weights', { done: 0, total: layout.bytes });
  let weights: Uint8Array | undefined = await synthesizeWeights(layout, {
    seed: DEFAULT_SEED,
    signal,
    onProgress: (done, total) => onPhase('weights', { done, total }),
  });
  onPhase('session');
  const onProgress = (p: Progress) => {
    if (p.what === 'compile') return onPhase('session');
    onPhase('runtime');
    options.onRuntimeProgress?.(p);
  };
  const choice = await createOwnedSession(runtime, graph, [{ path: layout.path, data: weights }], options.preference, onProgress, signal);
  weights = undefined; // handed to the inference worker
  const { handle } = choice;
  try {
    signal.throwIfAborted();
    const input = synthesizeInput(network.inputShape.reduce((a, b) => a * b, 1));
    const once = async (): Promise<{ ms: number; logits: Float32Array }> => {
      const job = runModel(handle, network, { data: input, dims: network.inputShape }).then(({ outputs, ms }) => {
        const logits = outputs[network.outputName]?.data;
        if (!logits) throw new DemoError('run', `no output "${network.outputName}"`);
        return { ms, logits };
      });
      return withTimeout(job, options.runTimeoutMs);
    };
    onPhase('warmup');
    const first = await once();
    const runsMs: number[] = [];
    let logits = first.logits;
    for (let i = 0; i < options.runs; i++) {
      signal.throwIfAborted();
      onPhase('runs', { done: i, total: options.runs });
      const r = await once();
      runsMs.push(r.ms);
      logits = r.logits;
    }
    const medianMs = median(runsMs);
    return {
      backend: handle.backend,
      fallback: choice.fallback,
      firstMs: first.ms,
      runsMs,
      medianMs,
      gflops: (2 * network.macs) / (medianMs * 1e6),
      logits,
    };
  } finally {
    // The session's worker ends here, a timed-out run still in it included.
    void releaseSession(handle).catch(() => undefined);
  }
}
