/**
 * The JSON report: the contract every feature extends (docs/report.schema.json).
 * It only grows: fields are added, never renamed or removed. No field holds a full identity
 * number unless the scan ran with `reveal` (then only `ReportFinding.value`).
 */
import type { Confidence, EntityType } from '@gallra/core';

/** Version of the JSON report contract. */
export const REPORT_SCHEMA_VERSION = '1.0.0';

/** Where in a file a finding sits. Only the fields that apply to the format are present. */
export interface ReportLocation {
  /** 1-based line in the extracted text of the segment (text files: the file's line). */
  readonly line: number;
  /** 1-based column (UTF-16 code units) in that line. */
  readonly column: number;
  /** Path inside a container, outermost first joined with `/` (e.g. `2019/lista.xlsx`); null for the file itself. */
  readonly member: string | null;
  readonly page?: number;
  readonly sheet?: string;
  readonly cell?: string;
  /** Document part, e.g. `body`, `header1`, `footnotes`, `comments`; for a spreadsheet cell, `comment` when the number is in the cell's comment (note), not its value. */
  readonly part?: string;
  /** Spreadsheet cell: the label of its column's header cell, e.g. `Personnummer` (a label, never a value). */
  readonly header?: string;
  readonly paragraph?: number;
  readonly slide?: number;
  readonly message?: number;
  readonly field?: string;
}

/** One finding in a file. */
export interface ReportFinding {
  readonly type: EntityType;
  readonly confidence: Confidence;
  readonly score: number;
  /** Safe display form, e.g. `19850101-****`. */
  readonly masked: string;
  /** Keyed HMAC-SHA256 (hex) of the normalised value. */
  readonly fingerprint: string;
  readonly testNumber: boolean;
  /** Full normalised value: present only when the scan ran with `reveal`. */
  readonly value?: string;
  readonly location: ReportLocation;
  /**
   * Incremental scans (`--state`): `new` if the previous scan did not report this number (type and
   * fingerprint) in this file, else `unchanged`.
   */
  readonly since?: 'new' | 'unchanged';
  /** Set when the finding was found but accepted (gallra ci): it never fails the run. */
  readonly suppression?: ReportSuppression;
}

/** Why a found value was accepted: an inline `gallra:allow` marker, the baseline, or a config allow-list. */
export interface ReportSuppression {
  readonly kind: 'inline' | 'baseline' | 'config';
  /** Which rule accepted it, e.g. `gallra:allow-next-line`, `allow.types`, `allow.fingerprints`. */
  readonly detail: string;
}

/** Where in git a scanned blob came from (gallra ci diff and history modes). */
export interface ReportGitSource {
  /** Blob id of the scanned content. */
  readonly blob: string;
  /** Commit that added the content; null for staged changes (and blobs only a merge introduced). */
  readonly commit: string | null;
}

/** A per-file problem's stable reason code (extraction reasons plus I/O ones). */
export interface ReportError {
  readonly reason: string;
  /** Human-readable; never contains extracted text or a full identity number. */
  readonly message: string;
}

export type FileStatus = 'ok' | 'error' | 'skipped';

/** One scanned file. */
export interface FileReport {
  /** The scan root this file was found under, as given on the command line. */
  readonly root: string;
  /** Path relative to its root, POSIX separators. */
  readonly path: string;
  readonly size: number;
  /** ISO-8601 modification time. */
  readonly modified: string;
  /** Detected format id (`text`, `docx`, `pdf`, …) or `unknown`. */
  readonly format: string;
  /** Text encoding that was detected, for text formats (`utf-8`, `utf-16le`, `windows-1252`, …). */
  readonly encoding?: string;
  readonly status: FileStatus;
  readonly error: ReportError | null;
  /** Non-fatal problems (e.g. one unreadable member of an archive). */
  readonly warnings?: readonly (ReportError & { readonly member: string | null })[];
  readonly findings: readonly ReportFinding[];
  /** For content read from git rather than the working tree (gallra ci). */
  readonly git?: ReportGitSource;
  /** Incremental scans: the file's content compared with the previous scan. */
  readonly change?: 'new' | 'changed' | 'unchanged';
  /** Incremental scans: findings of the previous scan that are gone from this file (never with `value`). */
  readonly fixed?: readonly ReportFinding[];
}

/** Incremental scans: what changed since the previous scan of the same state database. */
export interface ScanChanges {
  /** Files by change. `deleted`: in the previous scan, gone (or out of scope) now. */
  readonly new: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly deleted: number;
  /** Files answered from the state without being read (unchanged size and mtime; finished before an interruption). */
  readonly reused?: number;
  /** Findings by `since`; `findingsFixed` counts findings gone, including those of deleted files. */
  readonly findingsNew: number;
  readonly findingsUnchanged: number;
  readonly findingsFixed: number;
  readonly deletedFiles: readonly { readonly root: string; readonly path: string; readonly findings: number }[];
}

export interface ReportSummary {
  readonly files: number;
  readonly filesWithFindings: number;
  readonly errors: number;
  readonly skipped?: number;
  readonly findingsByType: Readonly<Partial<Record<EntityType, number>>>;
  /** All findings, test numbers included. */
  readonly findings?: number;
  readonly findingsByConfidence?: Readonly<Partial<Record<Confidence, number>>>;
  /** Findings of Skatteverket's official test numbers. */
  readonly testNumberFindings?: number;
  /** Findings at or above the `failOn` threshold (test numbers only with `failOnTestNumbers`). */
  readonly failingFindings?: number;
  /** Incremental scans only. */
  readonly changes?: ScanChanges;
  /** Findings accepted by an inline marker, the baseline or a config allow-list (gallra ci). */
  readonly suppressedFindings?: number;
}

/** The whole report. */
export interface ScanReport {
  readonly schemaVersion: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly scan: {
    readonly roots: readonly string[];
    readonly startedAt: string;
    readonly finishedAt: string;
    /** The effective options (never the fingerprint key). */
    readonly options: Readonly<Record<string, unknown>>;
  };
  readonly summary: ReportSummary;
  readonly files: readonly FileReport[];
}
