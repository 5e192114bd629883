/** Numbers as a reader of the page's language reads them: bytes, counts, milliseconds, percentages. */

export function fill(template: string | undefined, values: Record<string, string | number> = {}): string {
  return (template ?? '').replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export function formatBytes(bytes: number, lang: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** 1057642 -> "1.06M" (en) / "106만" (ko): counts of parameters and MACs. */
export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 2 }).format(n);
}

/** Two decimals below 10, one below 100, none above: latencies, throughput, GFLOP/s. */
export function formatNumber(v: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: v < 10 ? 2 : v < 100 ? 1 : 0 }).format(v);
}

export function formatMs(ms: number | undefined, lang: string): string {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  return `${formatNumber(ms, lang)} ms`;
}

export function formatPercent(p: number, lang: string, digits = 1): string {
  return new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(p);
}
