import { packedFindingsOf } from '../packed-findings.js';
import type { FileReport, ReportSummary } from '../report.js';
import { defineWriter } from './writer.js';
import { ChunkBuffer, writeChunk } from './stream.js';
import { formatFindingRows, painter, type Paint } from './text-rows.js';

export { formatLocation } from './text-rows.js';

/** Buffered report text (characters or bytes) written in one go. */
const FLUSH_SIZE = 256 * 1024;

/**
 * Human-readable output: one block per file that has findings, an error or a warning (clean files
 * are not listed), then a summary. Values are masked unless the scan ran with `reveal`.
 */
export default defineWriter({
  meta: { id: 'text', extension: '.txt', description: 'Human-readable: findings grouped by file, masked values, a summary' },
  create: ({ out, color = false }) => {
    const paint = painter(color);
    const pending = new ChunkBuffer();
    return {
      // The scan's workers render the finding rows; this thread only adds the file's heading.
      packedFindings: { textRows: { color } },
      async begin() {},
      file(file) {
        // Blocks are gathered into ~256 KB writes rather than one stream write per file (and only
        // then is there anything to wait for).
        addFile(pending, file, paint, color);
        return pending.size >= FLUSH_SIZE ? writeChunk(out, pending.take()) : undefined;
      },
      async end(footer) {
        pending.add(formatSummary(footer.summary, footer.failed, paint));
        await writeChunk(out, pending.take());
      },
    };
  },
});

/** The path to show: the root joined with the relative path (a file root is shown as given). */
export function displayPath(file: Pick<FileReport, 'root' | 'path'>): string {
  const root = file.root.replace(/[\\/]+$/, '');
  if (root === file.path || root.endsWith(`/${file.path}`) || root.endsWith(`\\${file.path}`)) return file.root;
  if (root === '.' || root === '') return file.path;
  return `${root}/${file.path}`;
}

function addFile(pending: ChunkBuffer, file: FileReport, paint: Paint, color: boolean): void {
  const warnings = file.warnings ?? [];
  const packed = packedFindingsOf(file);
  const count = packed ? packed.count : file.findings.length;
  if (count === 0 && file.error === null && warnings.length === 0) return;
  // gallra ci: content read from a commit names the commit (history and commit-range modes).
  const commit = file.git?.commit ? ` ${paint('2', `(commit ${file.git.commit.slice(0, 12)})`)}` : '';
  let block = paint('1', displayPath(file)) + commit;
  if (file.error) {
    const label = file.status === 'skipped' ? paint('2', 'skipped') : paint('31', 'error');
    block += `\n  ${label} ${file.error.reason}: ${file.error.message}`;
  }
  for (const warning of warnings) {
    block += `\n  ${paint('33', 'warning')} ${warning.reason}${warning.member ? ` in ${warning.member}` : ''}: ${warning.message}`;
  }
  const rendered = packed?.textRows;
  if (rendered && rendered.color === color) {
    pending.add(block);
    pending.add(rendered.rows);
    pending.add('\n\n');
  } else {
    pending.add(`${block}${formatFindingRows(file.findings, paint)}\n\n`);
  }
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
