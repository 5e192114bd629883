/** The inputs every demo offers: real test images, a drawing canvas, an upload; and the 28x28 image the model sees. */
import type { JSX } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { EARLY_INPUT, type EarlyInput } from '../../lib/earlyInputScript.ts';
import { galleryPixels, paintGrey } from '../../lib/inference/gallery.ts';
import { checkUpload, MAX_FILE_BYTES, MAX_PIXELS } from '../../lib/inference/imageHeader.ts';
import {
  type InputSource,
  onPageChange,
  type PageInput,
  pageInput,
  restoreLinkedSample,
  setPageInput,
} from '../../lib/inference/pageInput.ts';
import { PIXELS, prepareRgba, SIDE } from '../../lib/inference/preprocess.ts';
import type { DemoStrings, GalleryInfo } from '../../lib/inference/types.ts';
import { fill, formatBytes } from './format.ts';
import { type DemoFailure, describeError } from './useRunner.ts';

export interface InputPanelProps {
  lang: string;
  strings: DemoStrings;
  gallery: GalleryInfo;
  /** Class names in the page's language (for the gallery's true labels). */
  labels: string[];
  /** The id of the island's root: a choice made here puts it in the URL's `#`. */
  anchor: string;
  /** A bad upload or a gallery that did not download: shown by the island like any failure (with a retry when one may help). */
  onInputError: (error: DemoFailure) => void;
  /** The gallery downloaded after all (a retry worked): the island leaves its error state. */
  onInputRecovered: () => void;
  /** Called just before a choice made here becomes the page's input: this island answers it first. */
  onChoose?: () => void;
  disabled?: boolean;
}

const DRAW_SIDE = 140;
/** Longest side an upload is scaled to before preparing: plenty for a 28x28 result, cheap to read back. */
const WORK_SIDE = 512;

/** The page-wide input (pageInput.ts), kept in step with every island's choices; read after hydrating, which leaves
 * the server's markup as it is (an input chosen before must re-render to show). */
function usePageInput(): PageInput | null {
  const [input, setInput] = useState<PageInput | null>(null);
  useEffect(() => {
    setInput(pageInput());
    return onPageChange(() => setInput(pageInput()));
  }, []);
  return input;
}

export function InputPanel({
  lang,
  strings,
  gallery,
  labels,
  anchor,
  onInputError,
  onInputRecovered,
  onChoose,
  disabled,
}: InputPanelProps) {
  const input = usePageInput();
  const [galleryData, setGalleryData] = useState<Uint8Array | null>(null);
  const chosen = input?.source === 'sample' ? gallery.samples.findIndex((s) => s.index === input.sample) : -1;
  /** The drawing or upload made in this panel, so its canvas is cleared or hidden once another input replaces it. */
  const own = useRef<PageInput | null>(null);
  const [dragging, setDragging] = useState(false);
  const seen = useRef<HTMLCanvasElement>(null);
  const draw = useRef<HTMLCanvasElement>(null);
  const uploaded = useRef<HTMLCanvasElement>(null);
  /** The last upload at working size; the preview canvas exists only while the upload is the page's input. */
  const uploadedImage = useRef<HTMLCanvasElement | null>(null);
  const showUpload = own.current?.source === 'upload' && own.current === input;
  const drawing = useRef(false);
  /** An element of the panel, to find its island: the panel is two grid items of the demo's body, with no wrapper. */
  const root = useRef<HTMLFieldSetElement>(null);

  /** Downloads the gallery; a failure is shown in the island, naming the file, with a retry. */
  const loadGallery = useCallback(
    (retrying: boolean) => {
      galleryPixels(gallery).then(
        (data) => {
          setGalleryData(data);
          restoreLinkedSample(gallery, data);
          if (retrying) onInputRecovered();
        },
        (error: unknown) => onInputError(describeError(error, strings, undefined, () => loadGallery(true))),
      );
    },
    [gallery, strings, onInputError, onInputRecovered],
  );

  useEffect(() => {
    loadGallery(false);
    clearCanvas();
  }, [loadGallery]);

  useLayoutEffect(() => {
    const preview = uploaded.current;
    const image = uploadedImage.current;
    if (!showUpload || !preview || !image) return;
    preview.width = image.width;
    preview.height = image.height;
    preview.getContext('2d')?.drawImage(image, 0, 0);
  }, [showUpload, input]);

  useEffect(() => {
    paintGrey(seen.current, input?.pixels ?? null);
    if (own.current?.source === 'drawing' && own.current !== input) clearCanvas();
  }, [input]);

  const submit = (pixels: Uint8Array, source: InputSource, sample?: number) => {
    const next = { pixels, source, sample };
    if (source !== 'sample') own.current = next;
    onChoose?.();
    setPageInput(next, anchor);
  };

  const pickSample = async (i: number) => {
    let data = galleryData;
    if (!data) {
      try {
        data = await galleryPixels(gallery);
      } catch (error) {
        onInputError(describeError(error, strings, undefined, () => void pickSample(i)));
        return;
      }
    }
    setGalleryData(data);
    submit(data.slice(i * PIXELS, (i + 1) * PIXELS), 'sample', gallery.samples[i]?.index);
  };

  /** A choice made before this island hydrated (earlyInputScript.ts kept it on the island): made now, once; later
   * choices reach the handlers directly. */
  useEffect(() => {
    const island = root.current?.closest('astro-island') as (Element & { [EARLY_INPUT]?: EarlyInput }) | null | undefined;
    const early = island?.[EARLY_INPUT];
    if (!island || !early) return;
    delete island[EARLY_INPUT];
    if ('file' in early) readSafely(early.file);
    else {
      const i = gallery.samples.findIndex((s) => s.index === early.sample);
      if (i >= 0) void pickSample(i);
    }
  }, []);

  // --- drawing ---
  function clearCanvas() {
    const ctx = draw.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, DRAW_SIDE, DRAW_SIDE);
  }
  const point = (event: PointerEvent) => {
    const canvas = draw.current as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    return [((event.clientX - rect.left) / rect.width) * DRAW_SIDE, ((event.clientY - rect.top) / rect.height) * DRAW_SIDE] as const;
  };
  const onDown = (event: JSX.TargetedPointerEvent<HTMLCanvasElement>) => {
    const ctx = draw.current?.getContext('2d');
    if (!ctx || disabled) return;
    drawing.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    const [x, y] = point(event);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = DRAW_SIDE / 14;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x, y);
    ctx.stroke();
  };
  const onMove = (event: JSX.TargetedPointerEvent<HTMLCanvasElement>) => {
    const ctx = draw.current?.getContext('2d');
    if (!drawing.current || !ctx) return;
    const [x, y] = point(event);
    ctx.lineTo(x, y);
    ctx.stroke();
  };
  const onUp = () => {
    if (!drawing.current) return;
    drawing.current = false;
    const ctx = draw.current?.getContext('2d');
    if (!ctx) return;
    submit(prepareRgba(ctx.getImageData(0, 0, DRAW_SIDE, DRAW_SIDE).data, DRAW_SIDE, DRAW_SIDE).pixels, 'drawing');
  };
  const onDrawKey = (event: JSX.TargetedKeyboardEvent<HTMLCanvasElement>) => {
    if (event.key === 'Delete' || event.key === 'Backspace' || event.key === 'Escape') {
      event.preventDefault();
      clearCanvas();
    }
  };

  // --- upload ---
  const readFile = async (file: File) => {
    // The whole file (at most MAX_FILE_BYTES): a JPEG's size follows its metadata, a GIF's frames follow its header.
    const bytes = file.size > MAX_FILE_BYTES ? new Uint8Array(0) : new Uint8Array(await file.arrayBuffer());
    const problem = checkUpload(bytes, file.size);
    if (problem) {
      const values: Record<string, string | number> =
        problem.kind === 'too-large-file'
          ? { size: formatBytes(problem.bytes, lang), max: formatBytes(MAX_FILE_BYTES, lang) }
          : problem.kind === 'too-large-image'
            ? { width: problem.width, height: problem.height, max: MAX_PIXELS / 1e6 }
            : {};
      onInputError({ kind: problem.kind, message: fill(strings[`demo.error.${problem.kind}`], values) });
      return;
    }
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, WORK_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    ctx.drawImage(bitmap, 0, 0, w, h);
    bitmap.close();
    uploadedImage.current = canvas;
    submit(prepareRgba(ctx.getImageData(0, 0, w, h).data, w, h).pixels, 'upload');
  };
  /** A file that cannot be decoded, or cannot even be read (removed from the disk meanwhile), is reported as not an image. */
  const readSafely = (file: File) =>
    void readFile(file).catch(() => onInputError({ kind: 'not-image', message: fill(strings['demo.error.not-image']) }));
  const onFile = (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (file) readSafely(file);
    event.currentTarget.value = '';
  };
  const onDrop = (event: JSX.TargetedDragEvent<HTMLFieldSetElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer?.files?.[0];
    if (file) readSafely(file);
  };

  return (
    <>
      {/* The fieldset lays its buttons out itself (a grid under its legend). Each button's thumbnail is its slice of the
          stacked PNG, drawn by CSS (demos.css) before any script runs. */}
      <fieldset class="demo-gallery" ref={root} style={`--thumbnails:url(${gallery.thumbnails});--samples:${gallery.samples.length}`}>
        <legend>{strings['demo.input.gallery']}</legend>
        {gallery.samples.map((sample, i) => (
          <button
            style={`--sample:${i}`}
            type="button"
            key={sample.index}
            data-sample={sample.index}
            aria-pressed={chosen === i}
            disabled={disabled}
            title={fill(strings['demo.input.sample'], { index: sample.index, label: labels[sample.label] ?? '' })}
            onClick={() => void pickSample(i)}
          >
            {labels[sample.label]}
          </button>
        ))}
      </fieldset>
      <div class="demo-sources">
        <div class="demo-draw">
          <span class="demo-source-title">{strings['demo.input.draw']}</span>
          <canvas
            ref={draw}
            width={DRAW_SIDE}
            height={DRAW_SIDE}
            tabIndex={0}
            role="img"
            aria-label={strings['demo.input.canvas']}
            title={strings['demo.input.canvas']}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
            onKeyDown={onDrawKey}
          />
          <button type="button" onClick={clearCanvas} data-action="clear">
            {strings['demo.input.clear']}
          </button>
        </div>
        <fieldset
          class={`demo-drop${dragging ? ' is-dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          {/* The native control stays focusable (Enter or Space opens the picker) but is drawn as this label's button. */}
          <label class="demo-upload-button">
            <input type="file" accept="image/*" onChange={onFile} disabled={disabled} data-action="upload" />
            {strings['demo.input.upload']}
          </label>
          <span>{strings['demo.input.drop']}</span>
          {showUpload && <canvas ref={uploaded} class="demo-uploaded" role="img" aria-label={strings['demo.input.uploaded']} />}
        </fieldset>
        <figure class="demo-seen">
          <canvas ref={seen} width={SIDE} height={SIDE} role="img" aria-label={strings['demo.input.seen']} data-seen="" />
          <figcaption>{strings['demo.input.seen']}</figcaption>
          {gallery.samples[chosen] && (
            <p class="demo-true">{fill(strings['demo.input.trueLabel'], { label: labels[gallery.samples[chosen].label] ?? '' })}</p>
          )}
        </figure>
      </div>
    </>
  );
}
