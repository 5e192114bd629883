/** Inside one network: its first-layer filters (AlexNet's two groups side by side) and activation maps (an Inception module's four branches). */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { Outputs } from '../lib/inference/classify.ts';
import { type SentProps, withShared } from '../lib/inference/pageShared.ts';
import { modelBytes } from '../lib/inference/session.ts';
import type { DemoModel, DemoProps, DemoStringsWith } from '../lib/inference/types.ts';
import { readOnnxGraph } from '../lib/onnx/graph.ts';
import { type ActivationPanel, activationPanels, type FilterBank, firstLayerFilters, tileGrid } from '../lib/onnx/insideLayout.ts';
import { propsOf, type Sent } from '../lib/pageProps.ts';
import { DemoFrame } from './demo/DemoFrame.tsx';
import { fill } from './demo/format.ts';
import { TopFive } from './demo/Predictions.tsx';
import { useRunner } from './demo/useRunner.ts';

type Strings = DemoStringsWith<'inside'>;

export interface InsideViewProps extends DemoProps {
  strings: Strings;
  model: DemoModel;
}

const GAP = 1;

/** Draws `count` tiles of h x w values (channel-major from `offset`) into a grid, each tile scaled to its own range. */
function drawTiles(
  canvas: HTMLCanvasElement | null,
  data: Float32Array,
  offset: number,
  count: number,
  h: number,
  w: number,
  signed: boolean,
) {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  const { cols, rows } = tileGrid(count);
  canvas.width = cols * (w + GAP) - GAP;
  canvas.height = rows * (h + GAP) - GAP;
  const image = ctx.createImageData(canvas.width, canvas.height);
  image.data.fill(0);
  for (let t = 0; t < count; t++) {
    const base = offset + t * h * w;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < h * w; i++) {
      const v = data[base + i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    const x0 = (t % cols) * (w + GAP);
    const y0 = Math.floor(t / cols) * (h + GAP);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = data[base + y * w + x] as number;
        const at = ((y0 + y) * canvas.width + x0 + x) * 4;
        if (signed) {
          // Diverging: negative weights blue, positive orange, zero grey.
          const s = v / m;
          image.data[at] = 128 + Math.round(s > 0 ? 127 * s : 90 * s);
          image.data[at + 1] = 128 + Math.round(s > 0 ? 40 * s : 20 * s);
          image.data[at + 2] = 128 - Math.round(s > 0 ? 90 * s : 127 * s);
        } else {
          image.data.fill(Math.round((255 * Math.max(0, v)) / (hi > 0 ? hi : 1)), at, at + 3);
        }
        image.data[at + 3] = 255;
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

function Filters({ bank, strings }: { bank: FilterBank; strings: Strings }) {
  const [out, inChannels, kh, kw] = bank.dims as [number, number, number, number];
  const groups = bank.consumerGroups > 1 && out % bank.consumerGroups === 0 ? bank.consumerGroups : 1;
  const per = out / groups;
  const refs = useRef<(HTMLCanvasElement | null)[]>([]);
  const caption = fill(strings['demo.inside.filters'], { count: out, size: kh });
  const groupTitle = (g: number) => fill(strings['demo.inside.group'], { n: g + 1 });
  useEffect(() => {
    for (let g = 0; g < groups; g++)
      drawTiles(refs.current[g] ?? null, bank.data, g * per * inChannels * kh * kw, per * inChannels, kh, kw, true);
  }, [bank, groups, per, inChannels, kh, kw]);
  return (
    <figure class="inside-filters" data-filters={out} data-groups={groups}>
      <figcaption>{caption}</figcaption>
      <div class="inside-groups">
        {Array.from({ length: groups }, (_, g) => (
          <div class="inside-group" key={g} data-group={g + 1}>
            {groups > 1 && <p>{groupTitle(g)}</p>}
            <canvas
              ref={(el) => {
                refs.current[g] = el;
              }}
              role="img"
              aria-label={groups > 1 ? groupTitle(g) : caption}
            />
          </div>
        ))}
      </div>
      <p class="inside-legend">
        <span class="inside-swatch" data-weight="negative" />
        <span class="inside-swatch" data-weight="zero" />
        <span class="inside-swatch" data-weight="positive" /> {strings['demo.inside.legend']}
      </p>
      {groups > 1 && <p class="inside-note">{fill(strings['demo.inside.groupNote'], { groups, perGroup: per })}</p>}
    </figure>
  );
}

function Activations({ panel, outputs, strings }: { panel: ActivationPanel; outputs: Outputs; strings: Strings }) {
  const refs = useRef<Record<string, HTMLCanvasElement | null>>({});
  useEffect(() => {
    for (const item of panel.items) {
      const data = outputs[item.output]?.data;
      if (!data) continue;
      const { channels, groups, height, width } = item;
      const per = channels / groups;
      for (let g = 0; g < groups; g++)
        drawTiles(refs.current[`${item.output}:${g}`] ?? null, data, g * per * height * width, per, height, width, false);
    }
  }, [panel, outputs]);
  return (
    <figure class={`inside-activations is-${panel.kind}`} data-panel={panel.name}>
      <figcaption>
        {panel.kind === 'module'
          ? fill(strings['demo.inside.module'], { name: panel.name })
          : fill(strings['demo.inside.activations'], {
              name: panel.name,
              channels: panel.items[0]?.channels ?? 0,
              height: panel.items[0]?.height ?? 0,
              width: panel.items[0]?.width ?? 0,
            })}
      </figcaption>
      <div class="inside-groups">
        {panel.items.flatMap((item) =>
          Array.from({ length: item.groups }, (_, g) => {
            const title = item.branch
              ? fill(strings['demo.inside.branch'], { branch: item.branch, channels: item.channels })
              : item.groups > 1
                ? fill(strings['demo.inside.group'], { n: g + 1 })
                : '';
            return (
              <div class="inside-group" key={`${item.output}:${g}`} data-output={item.output} data-channels={item.channels}>
                {title && <p>{title}</p>}
                <canvas
                  ref={(el) => {
                    refs.current[`${item.output}:${g}`] = el;
                  }}
                  role="img"
                  aria-label={title || panel.name}
                />
              </div>
            );
          }),
        )}
      </div>
    </figure>
  );
}

export default function InsideView(sent: Sent<SentProps<InsideViewProps>>) {
  const props = withShared<InsideViewProps>(propsOf(sent), true);
  const { model, strings, lang } = props;
  const models = useMemo(() => [model], [model]);
  const runner = useRunner(models, props, { activations: true });
  const { state } = runner;
  const id = useId();
  const result = state.results[model.id];
  const [view, setView] = useState<{ bank: FilterBank; panels: ActivationPanel[] } | null>(null);

  useEffect(() => {
    if (!result || view) return;
    // The bytes are already here: the session was made from the same verified download.
    void modelBytes(model.file).then((bytes) => {
      const graph = readOnnxGraph(bytes, { withData: true });
      setView({ bank: firstLayerFilters(graph, model.inputName), panels: activationPanels(graph, model.outputs, model.activations) });
    });
  }, [result, view, model]);

  return (
    <DemoFrame
      kind="inside"
      modelIds={model.id}
      top1={state.status === 'done' && result ? result.top1 : undefined}
      title={fill(strings['demo.inside.title'], { model: model.title })}
      id={id}
      runner={runner}
      demo={props}
      labels={model.labels}
    >
      {result && <TopFive result={{ ...result, top: result.top.slice(0, 3) }} strings={strings} lang={lang} />}
      {!result && <p class="demo-placeholder">{strings['demo.inside.runFirst']}</p>}
      {view && result && (
        <div class="inside-view">
          <Filters bank={view.bank} strings={strings} />
          {view.panels.map((panel) => (
            <Activations key={panel.name} panel={panel} outputs={result.outputs} strings={strings} />
          ))}
        </div>
      )}
    </DemoFrame>
  );
}
