import type { FileReport, ReportFinding, ReportLocation, ReportSummary } from '../report.js';
import { defineWriter } from './writer.js';
import { writeChunk } from './stream.js';

/**
 * Human-readable output: one block per file that has findings, an error or a warning (clean files
 * are not listed), then a summary. Values are masked unless the scan ran with `reveal`.
 */
export default defineWriter({
  meta: { id: 'text', extension: '.txt', description: 'Human-readable: findings grouped by file, masked values, a summary' },
  create: ({ out, color = false }) => {
    const paint: Paint = (code, s) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
    return {
      async begin() {},
      async file(file) {
        const block = formatFile(file, paint);
        if (block) await writeChunk(out, block);
      },
      async end(footer) {
        await writeChunk(out, formatSummary(footer.summary, footer.failed, paint));
      },
    };
  },
});

type Paint = (code: string, s: string) => string;

/** The path to show: the root joined with the relative path (a file root is shown as given). */
export function displayPath(file: Pick<FileReport, 'root' | 'path'>): string {
  const root = file.root.replace(/[\\/]+$/, '');
  if (root === file.path || root.endsWith(`/${file.path}`) || root.endsWith(`\\${file.path}`)) return file.root;
  if (root === '.' || root === '') return file.path;
  return `${root}/${file.path}`;
}

function formatFile(file: FileReport, paint: Paint): string {
  const warnings = file.warnings ?? [];
  if (file.findings.length === 0 && file.error === null && warnings.length === 0) return '';
  // gallra ci: content read from a commit names the commit (history and commit-range modes).
  const commit = file.git?.commit ? ` ${paint('2', `(commit ${file.git.commit.slice(0, 12)})`)}` : '';
  const lines = [paint('1', displayPath(file)) + commit];
  if (file.error) {
    const label = file.status === 'skipped' ? paint('2', 'skipped') : paint('31', 'error');
    lines.push(`  ${label} ${file.error.reason}: ${file.error.message}`);
  }
  for (const warning of warnings) {
    lines.push(`  ${paint('33', 'warning')} ${warning.reason}${warning.member ? ` in ${warning.member}` : ''}: ${warning.message}`);
  }
  const rows = file.findings.map((f) => [formatLocation(f.location), f.type, f.confidence, describeValue(f)] as const);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [where, type, confidence, value] of rows) {
    const level = confidence === 'high' ? paint('31', confidence) : confidence === 'medium' ? paint('33', confidence) : confidence;
    lines.push(
      `  ${where.padEnd(widths[0]!)}  ${type.padEnd(widths[1]!)}  ${level}${' '.repeat(widths[2]! - confidence.length)}  ${value}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

function describeValue(finding: ReportFinding): string {
  const shown = finding.value ?? finding.masked;
  const notes = [finding.testNumber ? 'test number' : '', finding.suppression ? `accepted: ${finding.suppression.detail}` : ''].filter(Boolean);
  return notes.length > 0 ? `${shown} (${notes.join('; ')})` : shown;
}

/** `line:column`, prefixed by the container member and the place (page, sheet!cell, …) when present. */
export function formatLocation(location: ReportLocation): string {
  const parts: string[] = [];
  if (location.member) parts.push(location.member);
  if (location.page !== undefined) parts.push(`page ${location.page}`);
  if (location.sheet !== undefined) parts.push(`${location.sheet}!${location.cell ?? ''}`);
  else if (location.cell !== undefined) parts.push(location.cell);
  if (location.slide !== undefined) parts.push(`slide ${location.slide}`);
  if (location.part !== undefined) parts.push(`${location.part}${location.paragraph !== undefined ? ` ¶${location.paragraph}` : ''}`);
  if (location.message !== undefined) parts.push(`message ${location.message}`);
  if (location.field !== undefined) parts.push(location.field);
  parts.push(`${location.line}:${location.column}`);
  return parts.join(' ');
}

function formatSummary(summary: ReportSummary, failed: boolean, paint: Paint): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const findings = Object.entries(summary.findingsByType)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
  const total = summary.findings ?? Object.values(summary.findingsByType).reduce((a, b) => a + (b ?? 0), 0);
  const lines = [
    `${plural(summary.files, 'file')} scanned: ${summary.filesWithFindings} with findings, ` +
      `${plural(summary.errors, 'error')}, ${summary.skipped ?? 0} skipped.`,
    `${plural(total, 'finding')}${findings ? ` (${findings})` : ''}` +
      `${summary.testNumberFindings ? `, of which ${summary.testNumberFindings} official test numbers` : ''}.`,
  ];
  if (failed) lines.push(paint('31', `${plural(summary.failingFindings ?? 0, 'finding')} at or above the --fail-on threshold.`));
  return `${lines.join('\n')}\n`;
}
