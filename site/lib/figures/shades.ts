/** Weights drawn as a few shades, encoded as short strings so a figure's props stay small (one character per cell). */

/** Shade levels per sign: what the figures can show apart, and what the encoding keeps. */
export const SHADE_LEVELS = 8;

/** 0 = not connected ('.'), else 1…SHADE_LEVELS by magnitude of a 0–1 value (anything connected gets at least 1). */
export function encodeMagnitudes(values: readonly (number | null)[]): string {
  return values
    .map((v) => (v === null ? '.' : String(Math.min(SHADE_LEVELS, Math.max(1, Math.ceil(Math.abs(v) * SHADE_LEVELS))))))
    .join('');
}

/** The inverse of encodeMagnitudes: null for '.', else the level (1…SHADE_LEVELS). */
export function decodeMagnitudes(text: string): (number | null)[] {
  return Array.from(text, (ch) => {
    if (ch === '.') return null;
    const level = Number(ch);
    if (!Number.isInteger(level) || level < 1 || level > SHADE_LEVELS) throw new Error(`not a shade level: "${ch}"`);
    return level;
  });
}

const ZERO = 'a'.charCodeAt(0) + SHADE_LEVELS;

/** Signed −1…1 values to letters: 'a' = −SHADE_LEVELS … 'i' = 0 … 'q' = +SHADE_LEVELS. */
export function encodeSigned(values: readonly number[]): string {
  return values
    .map((v) => {
      const level = Math.round(Math.max(-1, Math.min(1, v)) * SHADE_LEVELS);
      return String.fromCharCode(ZERO + level);
    })
    .join('');
}

/** The inverse of encodeSigned: levels −SHADE_LEVELS…SHADE_LEVELS. */
export function decodeSigned(text: string): number[] {
  return Array.from(text, (ch) => {
    const level = ch.charCodeAt(0) - ZERO;
    if (!Number.isInteger(level) || Math.abs(level) > SHADE_LEVELS) throw new Error(`not a signed shade: "${ch}"`);
    return level;
  });
}
