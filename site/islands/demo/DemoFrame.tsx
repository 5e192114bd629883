/** The frame all demo islands share: the root with the state attributes tests and assistive tech read, the title,
 * the backend bar and the inputs; each island adds its own output as children, laid out beside the inputs on wide
 * screens and right under the test images on phones (site/styles/demos.css), so an answer shows where it was asked. */
import type { ComponentChildren } from 'preact';
import { listAnswers } from '../../lib/inference/outOfRange.ts';
import { demoAnchor } from '../../lib/inference/pageInput.ts';
import type { DemoProps } from '../../lib/inference/types.ts';
import { fill } from './format.ts';
import { InputPanel } from './InputPanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import type { useRunner } from './useRunner.ts';

interface DemoFrameProps {
  kind: 'classifier' | 'compare' | 'inside';
  /** `data-model`: one id, or several joined by commas. */
  modelIds: string;
  /** `data-top1` once done: a class index, or several joined by commas. */
  top1: number | string | undefined;
  title: string;
  id: string;
  runner: ReturnType<typeof useRunner>;
  demo: DemoProps;
  labels: string[];
  children: ComponentChildren;
}

export function DemoFrame({ kind, modelIds, top1, title, id, runner, demo, labels, children }: DemoFrameProps) {
  const { state, preference, setPreference, choose, fail, recover } = runner;
  const anchor = demoAnchor(kind, modelIds);
  return (
    <section
      id={anchor}
      class={`demo demo-${kind}`}
      data-demo={kind}
      data-model={modelIds}
      data-backend={state.backend}
      data-status={state.status}
      data-top1={top1}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`} class="demo-title">
        {title}
      </h3>
      <StatusBar state={state} preference={preference} onPreference={setPreference} strings={demo.strings} lang={demo.lang} id={id} />
      <div class="demo-body">
        <InputPanel
          lang={demo.lang}
          strings={demo.strings}
          gallery={demo.gallery}
          labels={labels}
          anchor={anchor}
          onInputError={fail}
          onInputRecovered={recover}
          onChoose={choose}
        />
        <div class="demo-result">
          {state.status === 'done' && state.disagreement && (
            <p class="demo-out-of-range" role="note" data-out-of-range="">
              {fill(demo.strings['demo.result.outOfRange'], { answers: listAnswers(state.disagreement) })}
            </p>
          )}
          {children}
        </div>
      </div>
    </section>
  );
}
