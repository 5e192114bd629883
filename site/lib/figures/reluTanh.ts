/** The ReLU-vs-tanh experiment recorded by the model pipeline (models-onnx/relu-tanh.json): curves, and epochs to reach an error. */
import type { EpochRecord } from '../manifest.ts';

export const ACTIVATIONS = ['relu', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface ReluTanhRun {
  curves: EpochRecord[];
  train_seconds: number;
}

/** The file scripts/models/train.py writes for the experiment. */
export interface ReluTanhRecord {
  network: string;
  optimizer: string;
  seed: number;
  epochs: number;
  batch_size: number;
  lr: number;
  quick: boolean;
  runs: Record<Activation, ReluTanhRun>;
}

/** Which error the figure plots: 1 − test accuracy (default) or 1 − training accuracy (what AlexNet's paper plotted). */
export type ErrorMetric = 'test' | 'train';

const CURVE_FIELDS = ['epoch', 'train_loss', 'train_accuracy', 'test_loss', 'test_accuracy'] as const;

/** Checks the JSON's shape, naming the file and the field at fault. */
export function parseReluTanh(json: unknown, file: string): ReluTanhRecord {
  const fail = (field: string, why: string): never => {
    throw new Error(`${file}: ${field} ${why}`);
  };
  if (typeof json !== 'object' || json === null) fail('(root)', 'is not an object');
  const root = json as Record<string, unknown>;
  for (const key of ['network', 'optimizer'] as const) if (typeof root[key] !== 'string') fail(key, 'must be a string');
  for (const key of ['seed', 'epochs', 'batch_size', 'lr'] as const) if (typeof root[key] !== 'number') fail(key, 'must be a number');
  if (typeof root.quick !== 'boolean') fail('quick', 'must be a boolean');
  const runs = root.runs as Record<string, unknown> | undefined;
  if (typeof runs !== 'object' || runs === null) fail('runs', 'must be an object with "relu" and "tanh"');
  for (const act of ACTIVATIONS) {
    const run = (runs as Record<string, unknown>)[act] as Record<string, unknown> | undefined;
    if (typeof run !== 'object' || run === null) fail(`runs.${act}`, 'is missing');
    const curves = (run as Record<string, unknown>).curves;
    if (!Array.isArray(curves) || curves.length === 0) fail(`runs.${act}.curves`, 'must be a non-empty array');
    (curves as unknown[]).forEach((rec, i) => {
      for (const field of CURVE_FIELDS) {
        const v = (rec as Record<string, unknown> | null)?.[field];
        if (typeof v !== 'number' || !Number.isFinite(v)) fail(`runs.${act}.curves[${i}].${field}`, 'must be a finite number');
      }
    });
  }
  return json as ReluTanhRecord;
}

/** Error per epoch (1 − accuracy) for one run. */
export function errorCurve(run: ReluTanhRun, metric: ErrorMetric): number[] {
  return run.curves.map((r) => 1 - (metric === 'test' ? r.test_accuracy : r.train_accuracy));
}

/** The first epoch (as recorded, 1-based) whose error is at or below `threshold`; null if the run never gets there. */
export function epochsToReach(run: ReluTanhRun, metric: ErrorMetric, threshold: number): number | null {
  return firstEpochAtOrBelow(
    run.curves.map((c) => c.epoch),
    errorCurve(run, metric),
    threshold,
  );
}

/** The same on plain arrays (what the figure island holds): `epochs[i]` for the first `errors[i] <= threshold`. */
export function firstEpochAtOrBelow(epochs: readonly number[], errors: readonly number[], threshold: number): number | null {
  const index = errors.findIndex((e) => e <= threshold + 1e-12);
  return index < 0 ? null : (epochs[index] ?? null);
}

/** Thresholds are offered on a grid of half a percentage point. */
export const THRESHOLD_STEP = 0.005;

const onGrid = (value: number, round: (x: number) => number) =>
  Math.round(round(value / THRESHOLD_STEP - 1e-9) * THRESHOLD_STEP * 1e6) / 1e6;

/**
 * The range of thresholds both runs reach, on the half-point grid: from the worse run's best error (rounded up, so both reach it)
 * up to the highest error either run recorded (rounded up). `min` is the default: the hardest target both runs meet.
 */
export function thresholdRange(record: ReluTanhRecord, metric: ErrorMetric): { min: number; max: number } {
  const bests = ACTIVATIONS.map((a) => Math.min(...errorCurve(record.runs[a], metric)));
  const worsts = ACTIVATIONS.map((a) => Math.max(...errorCurve(record.runs[a], metric)));
  const min = onGrid(Math.max(...bests), Math.ceil);
  return { min, max: Math.max(min, onGrid(Math.max(...worsts), Math.ceil)) };
}

export interface ThresholdResult {
  threshold: number;
  epochs: Record<Activation, number | null>;
  /** tanh's epochs / ReLU's epochs, when both reach the threshold. */
  speedup: number | null;
}

export function compareAt(record: ReluTanhRecord, metric: ErrorMetric, threshold: number): ThresholdResult {
  const relu = epochsToReach(record.runs.relu, metric, threshold);
  const tanh = epochsToReach(record.runs.tanh, metric, threshold);
  return { threshold, epochs: { relu, tanh }, speedup: relu && tanh ? tanh / relu : null };
}

/** How far apart the two runs are on one metric: what the figure's honest sentence reports. */
export interface ReluTanhGap {
  /** Epochs in which ReLU's error was below tanh's, of all recorded epochs. */
  reluLower: number;
  epochs: number;
  /** The largest (tanh − ReLU) error, in 0–1 units, and the epoch it happened in. */
  largest: number;
  largestEpoch: number;
  /** The grid threshold where tanh needed the most epochs per ReLU epoch, and that ratio (1 when never ahead). */
  bestThreshold: number;
  bestRatio: number;
}

/**
 * Compares the runs epoch by epoch and over every threshold of the range: the largest lead of ReLU over tanh, in
 * error and in speed. The figure opens at `bestThreshold`, and says in the same breath how small that lead is.
 */
export function reluTanhGap(record: ReluTanhRecord, metric: ErrorMetric): ReluTanhGap {
  const relu = errorCurve(record.runs.relu, metric);
  const tanh = errorCurve(record.runs.tanh, metric);
  const epochs = Math.min(relu.length, tanh.length);
  let reluLower = 0;
  let largest = Number.NEGATIVE_INFINITY;
  let largestEpoch = 1;
  for (let i = 0; i < epochs; i++) {
    const gap = (tanh[i] as number) - (relu[i] as number);
    if (gap > 0) reluLower += 1;
    if (gap > largest) {
      largest = gap;
      largestEpoch = record.runs.relu.curves[i]?.epoch ?? i + 1;
    }
  }
  const { min, max } = thresholdRange(record, metric);
  let bestThreshold = min;
  let bestRatio = 1;
  for (let t = min; t <= max + 1e-9; t = Math.round((t + THRESHOLD_STEP) * 1e6) / 1e6) {
    const { speedup } = compareAt(record, metric, t);
    if (speedup !== null && speedup > bestRatio + 1e-9) {
      bestRatio = speedup;
      bestThreshold = t;
    }
  }
  return { reluLower, epochs, largest, largestEpoch, bestThreshold, bestRatio };
}
