/** GoogLeNet's 1x1 claim on our own model: one Inception module's parameters and MACs with and without its 1x1 reductions. */
import { useState } from 'preact/hooks';
import type { FigureProps, InceptionFigureData } from '../../lib/figures/props.ts';
import { propsOf, type Sent } from '../../lib/pageProps.ts';
import { fill, formatPercent } from '../demo/format.ts';
import { Choice, FigureFrame } from './FigureFrame.tsx';

type Variant = 'with' | 'without';

export default function Inception1x1(sent: Sent<FigureProps<'inception', InceptionFigureData>>) {
  const { lang, t, id, data } = propsOf(sent);
  const [variant, setVariant] = useState<Variant>('with');
  const n = new Intl.NumberFormat(lang);
  const cost = data.cost[variant];
  const { params, macs } = data.saving;
  const Cin = data.inShape.channels;
  // Bars share one scale per column: the module without reductions fills the cell. CSS draws each under the cell's
  // number from `--share` (figures.css, .fig-barcell), so a bar costs no element.
  const bar = (value: number, max: number) => `--share:${Number(Math.max(0.005, value / max).toFixed(4))}`;

  return (
    <FigureFrame
      kind="inception-1x1"
      id={id}
      title={fill(t.title, { module: data.module })}
      state={{ variant, params: cost.params, macs: cost.macs }}
      controls={
        <Choice
          label={t.mode}
          id={id}
          name="variant"
          options={(['with', 'without'] as const).map((v) => ({ value: v, label: t[v] }))}
          value={variant}
          onChange={setVariant}
        />
      }
    >
      <div class="fig-inception-diagram">
        <p class="fig-box fig-box-io">{fill(t.input, { height: data.inShape.height, width: data.inShape.width, channels: Cin })}</p>
        <ol class="fig-branches">
          {data.branches.map((branch) => (
            <li key={branch.label} class="fig-branch" data-branch={branch.label}>
              {branch.pool && <p class="fig-box fig-box-pool">{t.pool}</p>}
              {branch.convs.map((conv, i) => {
                const dropped = conv.reduction && variant === 'without';
                // Without the reduction, the next conv reads every input channel.
                const widened = variant === 'without' && i > 0 && branch.convs[i - 1]?.reduction;
                const inChannels = widened ? Cin : conv.inChannels;
                return (
                  <p
                    key={i}
                    class={`fig-box${conv.reduction ? ' fig-box-reduction' : ''}${dropped ? ' fig-box-dropped' : ''}${widened ? ' fig-box-widened' : ''}`}
                    data-reduction={conv.reduction ? 'true' : undefined}
                  >
                    <span class="fig-box-op">{`${conv.kernel[0]}×${conv.kernel[1]}`}</span>{' '}
                    <span class="fig-box-ch">{`${n.format(inChannels)}→${n.format(conv.outChannels)}`}</span>
                  </p>
                );
              })}
              <p class="fig-branch-cost">
                {t.paramsLabel}
                <strong>{n.format(cost.branches.find((b) => b.label === branch.label)?.params ?? 0)}</strong>
              </p>
            </li>
          ))}
        </ol>
        <p class="fig-box fig-box-io">{fill(t.output, { channels: data.outChannels })}</p>
      </div>

      <table class="fig-table">
        <thead>
          <tr>
            <th scope="col">{t.branch}</th>
            <th scope="col">{t.params}</th>
            <th scope="col">{t.macs}</th>
          </tr>
        </thead>
        <tbody>
          {cost.branches.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label === 'pool' ? t.pool : b.label}</th>
              <td class="fig-barcell" style={bar(b.params, params.without)}>
                {n.format(b.params)}
              </td>
              <td class="fig-barcell" style={bar(b.macs, macs.without)}>
                {n.format(b.macs)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.total}</th>
            <td data-cell="params" class="fig-barcell" style={bar(cost.params, params.without)}>
              <strong>{n.format(cost.params)}</strong>
            </td>
            <td data-cell="macs" class="fig-barcell" style={bar(cost.macs, macs.without)}>
              <strong>{n.format(cost.macs)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>

      <p class="fig-result" aria-live="polite" data-result="saving">
        {fill(t.saving, {
          with: n.format(params.with),
          without: n.format(params.without),
          params: n.format(params.saved),
          paramsPercent: formatPercent(params.fraction, lang),
          macs: n.format(macs.saved),
          macsPercent: formatPercent(macs.fraction, lang),
        })}
      </p>
      <p class="fig-note">{fill(t.note, { channels: Cin })}</p>
    </FigureFrame>
  );
}
