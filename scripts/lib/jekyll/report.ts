/** What the importer tells the contributor: per post, what happened and every change it made, with the source line. */

/** `warning`: a person should look (something was dropped or kept as visible text); `note`: a routine conversion. */
export type ChangeLevel = 'warning' | 'note';

export interface Change {
  /** 1-based line in the source file (frontmatter included). */
  line: number;
  level: ChangeLevel;
  message: string;
}

export type PostStatus = 'written' | 'unchanged' | 'skipped' | 'failed';

export interface PostReport {
  source: string;
  status: PostStatus;
  /** Where the post went (or would go), when a slug could be made. */
  target?: string;
  reason?: string;
  changes: Change[];
  /** Frontmatter fields that have no meaning here, dropped; and fields mapped to another name (`from → to`). */
  droppedFields: string[];
  mappedFields: string[];
  /** Remote images turned into credited links, and local images copied next to the post. */
  remoteImages: string[];
  copiedImages: string[];
}

export interface Summary {
  found: number;
  written: number;
  unchanged: number;
  skipped: number;
  failed: number;
  warnings: number;
}

export function summarize(reports: readonly PostReport[]): Summary {
  const count = (status: PostStatus) => reports.filter((r) => r.status === status).length;
  return {
    found: reports.length,
    written: count('written'),
    unchanged: count('unchanged'),
    skipped: count('skipped'),
    failed: count('failed'),
    warnings: reports.reduce((n, r) => n + r.changes.filter((c) => c.level === 'warning').length, 0),
  };
}

/**
 * The report as text: one block per post, warnings before notes, then one summary line.
 * @example formatReport([...]).endsWith('2 found: 1 written, 0 unchanged, 0 skipped, 1 failed; 3 warnings')
 */
export function formatReport(reports: readonly PostReport[], options: { dryRun?: boolean } = {}): string {
  const lines: string[] = [];
  const verb: Record<PostStatus, string> = {
    written: options.dryRun ? 'would write' : 'written',
    unchanged: 'unchanged',
    skipped: 'skipped',
    failed: 'FAILED',
  };
  for (const report of reports) {
    const where = report.target ? ` -> ${report.target}` : '';
    lines.push(`${verb[report.status]}: ${report.source}${where}${report.reason ? ` (${report.reason})` : ''}`);
    if (report.mappedFields.length > 0) lines.push(`  fields mapped: ${report.mappedFields.join(', ')}`);
    if (report.droppedFields.length > 0) lines.push(`  fields dropped: ${report.droppedFields.join(', ')}`);
    for (const image of report.remoteImages) lines.push(`  remote image -> credited link: ${image}`);
    for (const image of report.copiedImages) lines.push(`  image copied: ${image}`);
    const ordered = [...report.changes].sort((a, b) => (a.level === b.level ? a.line - b.line : a.level === 'warning' ? -1 : 1));
    for (const change of ordered) lines.push(`  ${change.level} line ${change.line}: ${change.message}`);
  }
  const s = summarize(reports);
  lines.push(
    `${s.found} found: ${s.written} ${options.dryRun ? 'to write' : 'written'}, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.failed} failed; ${s.warnings} warnings`,
  );
  return lines.join('\n');
}
