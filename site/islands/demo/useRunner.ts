/** The state machine every demo island shares: idle -> loading (downloads) -> running -> done | error, per input. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type Backend, type BackendPreference, type FallbackReason, urlOverrides } from '../../lib/inference/backend.ts';
import { type Classification, classify, type InputTensor, logitsOutput } from '../../lib/inference/classify.ts';
import { AssetError } from '../../lib/inference/fetchVerified.ts';
import { type NetworkAnswer, networksDisagree } from '../../lib/inference/outOfRange.ts';
import {
  afterLeadAnswer,
  leadAnswer,
  onPageChange,
  type PageInput,
  pageBackend,
  pageInput,
  setPageBackend,
} from '../../lib/inference/pageInput.ts';
import {
  DemoError,
  getSession,
  onDeviceLost,
  type Progress,
  runModel,
  type SessionChoice,
  setPageOverrides,
} from '../../lib/inference/session.ts';
import type { DemoErrorStrings, DemoModel, DemoProps, DemoStrings, RuntimeAssets } from '../../lib/inference/types.ts';
import { fill, formatBytes } from './format.ts';

export type Status = 'idle' | 'loading' | 'running' | 'done' | 'error';

/** A classification (its `outputs` are every graph output: the inside view draws the activations), with where and how fast it ran. */
export interface ModelResult extends Classification {
  backend: Backend;
  firstRunMs?: number;
  warmRunsMs: number[];
}

export interface RunnerState {
  status: Status;
  backend?: Backend;
  fallback?: { reason: FallbackReason; detail?: string };
  progress?: Progress & { model: string };
  /** Localized message, a machine-readable kind for tests (`data-error`), and how to try again when that may help. */
  error?: DemoFailure;
  results: Record<string, ModelResult>;
  /** A drawing or upload the page's networks disagree on: their answers, for the out-of-range note. */
  disagreement?: NetworkAnswer[];
}

/** A failure as the island shows it; `retry` is offered when trying again may succeed (a download, a run). */
export interface DemoFailure {
  kind: string;
  message: string;
  retry?: () => void;
}

/** Extra warm runs after a session's first run, so the median of warm runs is known at once (none in `?ort-log=verbose`, a diagnostic mode whose log is for reading). */
const EXTRA_WARM_RUNS = 3;

/** A failure as the reader should read it, with `retry` unless only the backend control can fix it (WebGPU where it cannot run). */
export function describeError(error: unknown, strings: DemoErrorStrings, model?: DemoModel, retry?: () => void): DemoFailure {
  if (error instanceof AssetError) {
    // Name the file that failed (without a cache-busting `?sha256=`): the runtime, the model run, or another (the gallery).
    const shown = error.url.replace(/\?.*$/, '');
    const name = error.url.includes('/ort/')
      ? `ONNX Runtime (${shown})`
      : model && error.url === model.file.url
        ? `${model.title} (${shown})`
        : shown;
    return { kind: error.kind, message: fill(strings[`demo.error.${error.kind}`], { file: name, status: error.status ?? '' }), retry };
  }
  if (error instanceof DemoError) {
    const reason =
      error.kind === 'webgpu-unavailable' ? fill(strings[`demo.fallback.${error.detail}` as keyof DemoErrorStrings], {}) : error.detail;
    const again = error.kind === 'webgpu-unavailable' ? undefined : retry;
    return { kind: error.kind, message: fill(strings[`demo.error.${error.kind}`], { reason, detail: error.detail }), retry: again };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'run', message: fill(strings['demo.error.run'], { detail }), retry };
}

/** The page's backend choice (a link can force one with `?backend=`), with `?threads=`/`?ort-log=` applied to the runtime. */
export function pageBackendPreference(): BackendPreference {
  if (typeof location === 'undefined') return 'auto';
  const o = urlOverrides(location.search);
  setPageOverrides({ threads: o.threads, verbose: o.verbose });
  return pageBackend();
}

/** Sessions being made, by model and backend choice: islands asking at once share one attempt (and its failure). */
const making = new Map<string, Promise<SessionChoice>>();

/**
 * The session of `model`, for the demos and the figures alike. One input runs in several islands at once; the inference
 * worker (session.ts) takes one request at a time, so a session is never created while another model runs.
 */
export function sessionOf(model: DemoModel, runtime: RuntimeAssets, pref: BackendPreference, onProgress?: (p: Progress) => void) {
  const key = `${model.id}:${pref}`;
  let made = making.get(key);
  if (!made) {
    made = getSession(model, runtime, pref, onProgress);
    making.set(key, made);
    void made.finally(() => making.delete(key)).catch(() => undefined);
  }
  return made;
}

/** Each drawing's or upload's answers from every network of the ensemble, computed once for the whole page. */
const ensembleAnswers = new WeakMap<PageInput, Promise<NetworkAnswer[]>>();

/** The ensemble's answers to `input`: from `known` (the island's own results) where it has them, else by running the network. */
function answersOf(
  input: PageInput,
  ensemble: DemoModel[],
  known: Record<string, Classification>,
  runtime: RuntimeAssets,
  pref: BackendPreference,
) {
  let answers = ensembleAnswers.get(input);
  if (!answers) {
    answers = (async () => {
      const out: NetworkAnswer[] = [];
      for (const model of ensemble) {
        const run = async (tensor: InputTensor) =>
          (await runModel((await sessionOf(model, runtime, pref)).handle, model, tensor, [logitsOutput(model)])).outputs;
        const [best] = (known[model.id] ?? (await classify(model, input.pixels, run, 1))).top;
        out.push({ network: model.title, index: best?.index ?? -1, label: best?.label ?? '' });
      }
      return out;
    })();
    answers.catch(() => ensembleAnswers.delete(input));
    ensembleAnswers.set(input, answers);
  }
  return answers;
}

/**
 * The island's runs of `models` on the page's input. `activations`: every output of the network comes back (the inside
 * view draws them); else the logits alone.
 */
export function useRunner(models: DemoModel[], props: DemoProps, { activations = false } = {}) {
  const [state, setState] = useState<RunnerState>({ status: 'idle', results: {} });
  // `?backend=` forces a backend from a link; read while hydrating, so the very first run already honours it.
  const [preference, setPreferenceState] = useState<BackendPreference>(pageBackendPreference);
  const lastInput = useRef<PageInput | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    return onDeviceLost((detail) => {
      setState((s) =>
        s.backend === 'webgpu'
          ? { ...s, status: 'error', error: { kind: 'device-lost', message: fill(props.strings['demo.error.device-lost'], { detail }) } }
          : s,
      );
    });
  }, [props.strings]);

  const run = useCallback(
    async (input: PageInput, pref: BackendPreference = preference, lead = false) => {
      lastInput.current = input;
      const { pixels } = input;
      const mine = ++generation.current;
      const current = () => mine === generation.current;
      setState((s) => ({ ...s, status: 'loading', error: undefined, progress: undefined, disagreement: undefined }));
      let answered = () => {};
      if (lead) leadAnswer(input, new Promise<void>((resolve) => (answered = resolve)));
      else {
        await afterLeadAnswer(input);
        if (!current()) return;
      }
      const results: Record<string, ModelResult> = {};
      let model: DemoModel | undefined;
      const upgrades: { model: DemoModel; upgrade: NonNullable<SessionChoice['upgrade']> }[] = [];
      /** Runs `model` on `choice`'s session, shows its answer (and the badge), with warm runs after a session's first. */
      const answer = async (running: DemoModel, choice: SessionChoice) => {
        const firstEver = choice.handle.firstRunMs === undefined;
        if (firstEver)
          setState((s) => ({
            ...s,
            progress: { what: 'warmup', loaded: 0, total: 0, backend: choice.handle.backend, model: running.title },
          }));
        const extra = firstEver && !urlOverrides(location.search).verbose ? EXTRA_WARM_RUNS : 0;
        const classification = await classify(running, pixels, async (input) => {
          const fetches = activations ? undefined : [logitsOutput(running)];
          const { outputs } = await runModel(choice.handle, running, input, fetches);
          for (let i = 0; i < extra; i++) await runModel(choice.handle, running, input, fetches);
          return outputs;
        });
        const { backend, firstRunMs, warmRunsMs } = choice.handle;
        const done: ModelResult = { ...classification, backend, firstRunMs, warmRunsMs: [...warmRunsMs] };
        results[running.id] = done;
        if (current())
          setState((s) => ({
            ...s,
            progress: undefined,
            backend,
            fallback: choice.fallback,
            results: { ...s.results, [running.id]: done },
          }));
      };
      try {
        for (model of models) {
          const name = model.title;
          const choice = await sessionOf(model, props.runtime, pref, (p) => {
            if (current()) setState((s) => ({ ...s, progress: { ...p, model: name } }));
          });
          if (!current()) return;
          setState((s) => ({ ...s, status: 'running', progress: undefined, backend: choice.handle.backend, fallback: choice.fallback }));
          await answer(model, choice);
          if (!current()) return;
          if (choice.upgrade) upgrades.push({ model, upgrade: choice.upgrade });
        }
        answered();
        // A drawing or an upload may look nothing like Fashion-MNIST: the networks' disagreement says so (outOfRange.ts).
        // The check is a note, not the answer: a failure to run it leaves the answer without one.
        const answers =
          input.source === 'sample'
            ? undefined
            : await answersOf(input, props.ensemble ?? models, results, props.runtime, pref).catch(() => undefined);
        const disagreement = answers && networksDisagree(answers) ? answers : undefined;
        if (current()) setState((s) => ({ ...s, status: 'done', disagreement }));
        // The first answers came from WASM: now compile WebGPU, answer the same input there, and say so on the badge.
        for (const next of upgrades) {
          const choice = await next.upgrade();
          if (!current()) return;
          await answer(next.model, choice).catch((error: unknown) => {
            // The WASM answer stands; the badge says why WebGPU did not take over.
            const detail = error instanceof Error ? error.message : String(error);
            if (current()) setState((s) => ({ ...s, progress: undefined, fallback: { reason: 'session-error', detail } }));
          });
        }
      } catch (error) {
        answered();
        if (!current()) return;
        // No answer of an earlier input stays under the error: it would read as this input's.
        const failure = describeError(error, props.strings, model, () => void run(input, pref));
        setState((s) => ({ ...s, status: 'error', progress: undefined, results: {}, error: failure }));
      }
    },
    [models, props, preference, activations],
  );

  /** Set by this island's input panel just before it sets the page's input: this island answers that input first. */
  const chosenHere = useRef(false);
  const choose = useCallback(() => {
    chosenHere.current = true;
  }, []);

  // The page's input and backend: answer the input chosen before this island hydrated (or named by a link), and each new one.
  useEffect(() => {
    const follow = () => {
      const input = pageInput();
      const pref = pageBackend();
      const lead = chosenHere.current;
      chosenHere.current = false;
      if (pref !== preference) setPreferenceState(pref);
      if (input && (input !== lastInput.current || pref !== preference)) void run(input, pref, lead);
    };
    follow();
    return onPageChange(follow);
  }, [run, preference]);

  /** The backend control: a page-wide choice, so every island reruns its input on it. */
  const setPreference = useCallback((pref: BackendPreference) => setPageBackend(pref), []);

  /** Shows an input problem (a bad upload, a gallery that did not download) the way a run failure is shown. */
  const fail = useCallback((error: DemoFailure) => {
    generation.current++;
    setState((s) => ({ ...s, status: 'error', progress: undefined, results: {}, error }));
  }, []);

  /** Leaves the error state once its cause is gone (the gallery downloaded on a retry). */
  const recover = useCallback(() => {
    setState((s) => (s.status === 'error' ? { ...s, status: 'idle', error: undefined } : s));
  }, []);

  return { state, preference, setPreference, run, choose, fail, recover };
}

export function progressText(p: RunnerState['progress'], strings: DemoStrings, lang: string): string {
  if (!p) return '';
  if (p.what === 'compile' || p.what === 'warmup')
    return fill(strings[`demo.progress.${p.what}`], { backend: strings[`demo.backend.${p.backend ?? 'wasm'}`] });
  const what = p.what === 'runtime' ? fill(strings['demo.progress.runtime']) : fill(strings['demo.progress.model'], { model: p.model });
  return `${what}: ${fill(strings['demo.progress.bytes'], { loaded: formatBytes(p.loaded, lang), total: formatBytes(p.total, lang) })}`;
}
