import type { Writable } from 'node:stream';
import type { PackRequest } from '../packed-findings.js';
import type { FileReport, ReportSummary, ScanReport } from '../report.js';

/** Everything in the report that is known before the first file: given to `begin`. */
export interface ReportHeader {
  readonly schemaVersion: string;
  readonly tool: ScanReport['tool'];
  readonly scan: Omit<ScanReport['scan'], 'finishedAt'>;
}

/** Everything known only at the end: given to `end`. */
export interface ReportFooter {
  readonly finishedAt: string;
  readonly summary: ReportSummary;
  /** Whether a finding reached the failure threshold (`summary.failingFindings > 0`). */
  readonly failed: boolean;
}

/**
 * A streaming report writer: `begin` once, `file` per file in scan order, then `end` once. Each call
 * resolves when its output has been handed to the stream (respecting back-pressure). Writers never
 * re-detect, filter or unmask: findings arrive masked (with `value` only when the scan revealed).
 */
export interface ReportWriter {
  begin(header: ReportHeader): Promise<void>;
  /**
   * May return nothing when the file needs no waiting (e.g. its output was only buffered): the scan
   * then goes on at once, which matters for a rescan that reports 100,000 unchanged files.
   */
  file(file: FileReport): void | Promise<void>;
  end(footer: ReportFooter): Promise<void>;
  /**
   * Optional: asks the scan to pack each file's findings in its worker threads (their JSON and/or
   * the text rows, as requested here) so this writer can read them with `packedFindingsOf(file)`
   * instead of going through the finding objects. `file.findings` stays available when the JSON is
   * requested; without it, reading `file.findings` of a packed report throws.
   */
  readonly packedFindings?: PackRequest;
}

export interface WriterContext {
  readonly out: Writable;
  /** Use ANSI colours (decided by the CLI: only for a terminal). */
  readonly color?: boolean;
}

export interface WriterMeta {
  /** kebab-case id: the file name, the registry key and the `--format` value. */
  readonly id: string;
  /** Default extension for `--output`, with the dot. */
  readonly extension: string;
  readonly description: string;
}

/** Makes a writer for one output stream. */
export type WriterFactory = (context: WriterContext) => ReportWriter;

/** A writer plug-in: one file in `src/writers/`, registered with one line in `src/writers/index.ts`. */
export interface Writer {
  readonly meta: WriterMeta;
  readonly create: WriterFactory;
}

/** Identity helper that gives a writer module its type. */
export function defineWriter(writer: Writer): Writer {
  return writer;
}
