/** The backend badge (what ran, and why WASM when it fell back), the control that forces a backend, download progress and errors. */

import { BACKEND_PREFERENCES, type BackendPreference } from '../../lib/inference/backend.ts';
import type { DemoStrings } from '../../lib/inference/types.ts';
import { fill } from './format.ts';
import { progressText, type RunnerState } from './useRunner.ts';

export interface StatusBarProps {
  state: RunnerState;
  preference: BackendPreference;
  onPreference: (pref: BackendPreference) => void;
  strings: DemoStrings;
  lang: string;
  id: string;
}

export function StatusBar({ state, preference, onPreference, strings, lang, id }: StatusBarProps) {
  const backendName = state.backend ? strings[`demo.backend.${state.backend}`] : undefined;
  const reason = state.fallback && fill(strings[`demo.fallback.${state.fallback.reason}`], { detail: state.fallback.detail ?? '' });
  const progress = progressText(state.progress, strings, lang);
  return (
    <div class="demo-status">
      <span class={`demo-badge${state.backend ? ` is-${state.backend}` : ''}`} data-badge={state.backend ?? ''}>
        {backendName ? fill(strings['demo.backend.ran'], { backend: backendName }) : strings['demo.backend.notYet']}
      </span>
      {state.backend && reason && (
        <span class="demo-fallback" data-fallback={state.fallback?.reason}>
          {reason}
        </span>
      )}
      <label class="demo-backend-choice">
        {strings['demo.backend.label']}{' '}
        <select
          id={`${id}-backend`}
          data-action="backend"
          value={preference}
          onChange={(e) => onPreference(e.currentTarget.value as BackendPreference)}
        >
          {BACKEND_PREFERENCES.map((p) => (
            <option value={p} key={p}>
              {strings[`demo.backend.${p}`]}
            </option>
          ))}
        </select>
      </label>
      <p class="demo-state" aria-live="polite">
        {strings[`demo.status.${state.status}`]}
      </p>
      {state.progress && (
        <div class="demo-progress" data-phase={state.progress.what}>
          {/* Compiling and warming up have no byte count: an indeterminate bar. */}
          {state.progress.total > 0 ? (
            <progress max={state.progress.total} value={state.progress.loaded} aria-label={progress} />
          ) : (
            <progress aria-label={progress} />
          )}
          <span>{progress}</span>
        </div>
      )}
      {state.error && (
        <div class="demo-error" role="alert" data-error={state.error.kind}>
          <p>{state.error.message}</p>
          {state.error.retry && (
            <button type="button" data-action="retry" onClick={state.error.retry}>
              {strings['demo.retry']}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
