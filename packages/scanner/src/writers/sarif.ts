import type { FileReport, ReportFinding, ReportLocation } from '../report.js';
import { findingFails, type FailPolicy } from '../summary.js';
import type { ReportHeader, WriterFactory } from './index.js';
import { policyOf } from './policy.js';
import { KNOWN_RULE_IDS, ruleFor } from './rules.js';
import { writeChunk } from './stream.js';
import { formatLocation } from './text.js';

/** The SARIF version written, and the schema URI GitHub code scanning accepts. */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Buffers results and writes one document
 * at `end`. One rule per entity type; one result per finding, with:
 * - `level`: `error` at or above the fail threshold, `note` for official test numbers, else `warning`;
 * - a region (line, column) when the finding sits on a line of a text file;
 * - `partialFingerprints["gallraFinding/v1"]`: type, keyed fingerprint and occurrence number in the file —
 *   stable when unrelated lines move, and never the value itself;
 * - `suppressions` for findings accepted inline (`inSource`) or by the baseline or config (`external`).
 * Values are masked unless the scan ran with `reveal`. Files that could not be read become
 * tool execution notifications.
 */
export const createSarifWriter: WriterFactory = ({ out }) => {
  let header: ReportHeader | null = null;
  let policy: FailPolicy = { failOn: 'medium', failOnTestNumbers: false };
  const results: object[] = [];
  const notifications: object[] = [];
  const ruleIds = new Set<string>(KNOWN_RULE_IDS);
  return {
    async begin(h) {
      header = h;
      policy = policyOf(h);
    },
    async file(file) {
      if (file.error) {
        notifications.push({
          level: file.status === 'error' ? 'error' : 'note',
          message: { text: `${file.error.reason}: ${file.error.message}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: toUri(file.path) } } }],
        });
      }
      const occurrences = new Map<string, number>();
      for (const finding of file.findings) {
        ruleIds.add(finding.type);
        const key = `${finding.type}:${finding.fingerprint}`;
        const n = (occurrences.get(key) ?? 0) + 1;
        occurrences.set(key, n);
        results.push(toResult(file, finding, `${key}:${n}`, policy));
      }
    },
    async end(footer) {
      const ids = [...ruleIds];
      const index = new Map(ids.map((id, i) => [id, i]));
      for (const result of results as { ruleId: string; ruleIndex?: number }[]) result.ruleIndex = index.get(result.ruleId)!;
      const tool = header?.tool ?? { name: 'gallra', version: '0.0.0' };
      const log = {
        $schema: SARIF_SCHEMA_URI,
        version: SARIF_VERSION,
        runs: [
          {
            tool: {
              driver: {
                name: tool.name,
                version: tool.version,
                semanticVersion: tool.version,
                informationUri: 'https://www.npmjs.com/package/gallra',
                rules: ids.map(toRule),
              },
            },
            invocations: [
              {
                executionSuccessful: true,
                ...(header ? { startTimeUtc: header.scan.startedAt } : {}),
                endTimeUtc: footer.finishedAt,
                toolExecutionNotifications: notifications,
              },
            ],
            columnKind: 'utf16CodeUnits',
            results,
          },
        ],
      };
      await writeChunk(out, `${JSON.stringify(log, null, 2)}\n`);
    },
  };
};

function toRule(id: string): object {
  const rule = ruleFor(id);
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.short },
    fullDescription: { text: rule.full },
    help: {
      text: 'Remove the value, replace it with an official Skatteverket test number (gallra ci --fix), or accept it with a gallra:allow comment or the baseline.',
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['privacy', 'gdpr', 'personal-data'], precision: 'high', 'security-severity': '7.0' },
  };
}

function toResult(file: FileReport, finding: ReportFinding, partial: string, policy: FailPolicy): object {
  const shown = finding.value ?? finding.masked;
  // The level says how serious the finding is; an accepted one keeps its level and gets a suppression.
  const { suppression: _accepted, ...unaccepted } = finding;
  const level = finding.testNumber && !policy.failOnTestNumbers ? 'note' : findingFails(unaccepted, policy) ? 'error' : 'warning';
  const where = isFileLine(finding.location) ? '' : ` at ${formatLocation(finding.location)}`;
  const what = finding.testNumber ? `${ruleFor(finding.type).name} ${shown} (official test number)` : `${ruleFor(finding.type).name} ${shown}`;
  return {
    ruleId: finding.type,
    level,
    message: { text: `${what}${where}, confidence ${finding.confidence}.` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(file.path) },
          ...(isFileLine(finding.location)
            ? { region: { startLine: finding.location.line, startColumn: finding.location.column } }
            : {}),
        },
      },
    ],
    partialFingerprints: { 'gallraFinding/v1': partial },
    ...(finding.suppression
      ? {
          suppressions: [
            {
              kind: finding.suppression.kind === 'inline' ? 'inSource' : 'external',
              justification: `accepted by ${finding.suppression.detail}`,
            },
          ],
        }
      : {}),
    properties: {
      confidence: finding.confidence,
      score: finding.score,
      testNumber: finding.testNumber,
      ...(file.git ? { blob: file.git.blob, ...(file.git.commit ? { commit: file.git.commit } : {}) } : {}),
    },
  };
}

/** True when the location is a line of the file itself (not inside a document part or archive member). */
function isFileLine(location: ReportLocation): boolean {
  return (
    location.member === null &&
    location.page === undefined &&
    location.sheet === undefined &&
    location.cell === undefined &&
    location.part === undefined &&
    location.slide === undefined &&
    location.message === undefined &&
    location.field === undefined
  );
}

/** A repository-relative path as a relative URI reference (each segment percent-encoded). */
export function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
