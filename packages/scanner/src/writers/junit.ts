import type { ReportFinding } from '../report.js';
import { findingFails, type FailPolicy } from '../summary.js';
import type { WriterFactory } from './index.js';
import { policyOf } from './policy.js';
import { writeChunk } from './stream.js';
import { formatLocation } from './text.js';

/**
 * JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure DevOps). One test case per
 * scanned file: a `<failure>` when it has findings at or above the threshold, an `<error>` when it could
 * not be read, `<skipped>` when it was skipped; accepted findings and test numbers are listed in
 * `<system-out>`. Buffers and writes one document at `end`. Values are masked unless `reveal`.
 */
export const createJunitWriter: WriterFactory = ({ out }) => {
  let policy: FailPolicy = { failOn: 'medium', failOnTestNumbers: false };
  let suiteName = 'gallra';
  let startedAt = '';
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  return {
    async begin(header) {
      policy = policyOf(header);
      startedAt = header.scan.startedAt;
      const mode = header.scan.options['mode'] as { kind?: string } | undefined;
      suiteName = mode?.kind ? `gallra ci (${mode.kind})` : 'gallra scan';
    },
    async file(file) {
      const failing = file.findings.filter((f) => findingFails(f, policy));
      const other = file.findings.filter((f) => !findingFails(f, policy));
      const name = attr(file.git?.commit ? `${file.path} @ ${file.git.commit.slice(0, 12)}` : file.path);
      let body = '';
      if (file.status === 'error' && file.error) {
        errors++;
        body += `      <error message="${attr(`${file.error.reason}: ${file.error.message}`)}" type="${attr(file.error.reason)}"/>\n`;
      } else if (file.status === 'skipped') {
        skipped++;
        body += `      <skipped message="${attr(file.error ? `${file.error.reason}: ${file.error.message}` : 'skipped')}"/>\n`;
      }
      if (failing.length > 0) {
        failures++;
        const types = [...new Set(failing.map((f) => f.type))].join(', ');
        const message = `${failing.length} finding${failing.length === 1 ? '' : 's'} of personal data (${types})`;
        body += `      <failure message="${attr(message)}" type="${attr(types)}">${text(failing.map(describe).join('\n'))}</failure>\n`;
      }
      if (other.length > 0) body += `      <system-out>${text(other.map(describe).join('\n'))}</system-out>\n`;
      cases.push(`    <testcase classname="gallra" name="${name}"${body ? `>\n${body}    </testcase>` : '/>'}`);
    },
    async end(footer) {
      const seconds = startedAt ? Math.max(0, (Date.parse(footer.finishedAt) - Date.parse(startedAt)) / 1000) : 0;
      const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}"`;
      const xml = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="gallra" ${counts} time="${seconds.toFixed(3)}">`,
        `  <testsuite name="${attr(suiteName)}" ${counts} skipped="${skipped}" time="${seconds.toFixed(3)}"${startedAt ? ` timestamp="${attr(startedAt.replace(/\.\d+Z$/, ''))}"` : ''}>`,
        ...cases,
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n');
      await writeChunk(out, xml);
    },
  };
};

function describe(f: ReportFinding): string {
  const value = f.value ?? f.masked;
  const notes = [f.testNumber ? 'official test number' : '', f.suppression ? `accepted by ${f.suppression.detail}` : ''].filter(Boolean);
  return `${formatLocation(f.location)}  ${f.type}  ${f.confidence}  ${value}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

// XML 1.0 cannot carry most control characters even escaped: drop them.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function text(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

