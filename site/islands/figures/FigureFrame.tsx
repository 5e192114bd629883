/** The frame and controls every figure island shares, as DemoFrame is for the demos: a titled `<figure>` whose state
 * attributes the tests read, an optional lead paragraph, the controls row, then the figure's own body. The server
 * renders it with the build's data, so the frame is also the figure's static picture before it hydrates. */
import type { ComponentChildren } from 'preact';

type Attribute = string | number | boolean | null | undefined;

interface FigureFrameProps {
  /** `data-figure` and the `fig-<kind>` class. */
  kind: string;
  id: string;
  title: ComponentChildren;
  /** The figure's state as `data-<key>` attributes (keys in kebab case). */
  state?: Record<string, Attribute>;
  busy?: boolean;
  lead?: ComponentChildren;
  controls: ComponentChildren;
  children: ComponentChildren;
}

export function FigureFrame({ kind, id, title, state = {}, busy, lead, controls, children }: FigureFrameProps) {
  const data = Object.fromEntries(Object.entries(state).map(([key, value]) => [`data-${key}`, value ?? undefined]));
  return (
    <figure class={`fig fig-${kind}`} data-figure={kind} {...data} aria-labelledby={`${id}-title`} aria-busy={busy}>
      <figcaption id={`${id}-title`} class="fig-title">
        {title}
      </figcaption>
      {lead}
      <div class="fig-controls">{controls}</div>
      {children}
    </figure>
  );
}

interface Control<T> {
  label: string;
  name: string;
  value: T;
  options: { value: T; label: ComponentChildren }[];
  disabled?: boolean;
  onChange: (value: T) => void;
}

/** One of a few: a fieldset of radio buttons named `<id>-<name>`. */
export function Choice<T extends string | number>({ label, name, value, options, onChange, id }: Control<T> & { id: string }) {
  return (
    <fieldset class="fig-choice">
      <legend>{label}</legend>
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="radio"
            name={`${id}-${name}`}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** One of many numbers, from a labelled `<select>`. */
export function Select({ label, name, value, options, disabled, onChange }: Control<number>) {
  const select = (e: Event) => onChange(Number((e.currentTarget as HTMLSelectElement).value));
  return (
    <label class="fig-select">
      <span>{label}</span>
      <select name={name} value={value} disabled={disabled} onChange={select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled slider showing its value (`text`, also what assistive tech reads, when given). */
export function Range(props: Omit<Control<number>, 'options'> & { min: number; max: number; step: number; text?: string }) {
  const { label, value, text, onChange, ...input } = props;
  return (
    <label class="fig-range">
      <span>{label}</span>
      <input type="range" {...input} value={value} aria-valuetext={text} onInput={(e) => onChange(Number(e.currentTarget.value))} />
      <output>{text ?? value}</output>
    </label>
  );
}
