import type { FileReport, ReportFinding } from '../report.js';
import { findingFails, type FailPolicy } from '../summary.js';
import type { WriterFactory } from './index.js';
import { policyOf } from './policy.js';
import { writeChunk } from './stream.js';
import { formatLocation } from './text.js';
import { ruleFor } from './rules.js';

/**
 * GitHub Actions workflow commands (`--format github`): one annotation per finding, shown on the
 * pull request's diff. `::error` at or above the threshold, `::warning` below it, `::notice` for
 * official test numbers; accepted findings are not annotated. Files that could not be read get a
 * `::warning`. Ends with a plain summary line. Values are masked unless `reveal`.
 */
export const createGithubWriter: WriterFactory = ({ out }) => {
  let policy: FailPolicy = { failOn: 'medium', failOnTestNumbers: false };
  return {
    async begin(header) {
      policy = policyOf(header);
    },
    async file(file) {
      const lines: string[] = [];
      if (file.status === 'error' && file.error) {
        lines.push(command('warning', { file: file.path, title: `gallra: ${file.error.reason}` }, `could not scan: ${file.error.message}`));
      }
      for (const finding of file.findings) {
        if (finding.suppression) continue;
        lines.push(annotation(file, finding, policy));
      }
      if (lines.length > 0) await writeChunk(out, `${lines.join('\n')}\n`);
    },
    async end(footer) {
      const s = footer.summary;
      const failing = s.failingFindings ?? 0;
      const total = s.findings ?? 0;
      await writeChunk(
        out,
        `gallra: ${s.files} file${s.files === 1 ? '' : 's'} scanned, ${total} finding${total === 1 ? '' : 's'}, ` +
          `${failing} at or above the threshold, ${s.suppressedFindings ?? 0} accepted, ${s.errors} unreadable.\n`,
      );
    },
  };
};

function annotation(file: FileReport, finding: ReportFinding, policy: FailPolicy): string {
  const level = finding.testNumber && !policy.failOnTestNumbers ? 'notice' : findingFails(finding, policy) ? 'error' : 'warning';
  const rule = ruleFor(finding.type);
  const place = finding.location.member === null && finding.location.page === undefined && finding.location.sheet === undefined;
  const props: Record<string, string> = { file: file.path, title: `gallra: ${rule.name}` };
  if (place && finding.location.part === undefined) {
    props.line = String(finding.location.line);
    props.col = String(finding.location.column);
  }
  const shown = finding.value ?? finding.masked;
  const where = place ? '' : ` (${formatLocation(finding.location)})`;
  const message = finding.testNumber
    ? `${rule.short}: ${shown} is an official Skatteverket test number${where}.`
    : `${rule.short}: ${shown}${where}, confidence ${finding.confidence}. Remove it, use a test number (gallra ci --fix), or accept it with a gallra:allow comment.`;
  return command(level, props, message);
}

/** `::level key=value,…::message` with GitHub's escaping of data and properties. */
export function command(level: string, props: Record<string, string>, message: string): string {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${level}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
