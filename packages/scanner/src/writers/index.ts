import type { Writable } from 'node:stream';
import type { FileReport, ReportSummary, ScanReport } from '../report.js';
import { createGithubWriter } from './github.js';
import { createJsonWriter } from './json.js';
import { createJunitWriter } from './junit.js';
import { createSarifWriter } from './sarif.js';
import { createTextWriter } from './text.js';

/** Everything in the report that is known before the first file: written by `begin`. */
export interface ReportHeader {
  readonly schemaVersion: string;
  readonly tool: ScanReport['tool'];
  readonly scan: Omit<ScanReport['scan'], 'finishedAt'>;
}

/** Everything known only at the end: written by `end`. */
export interface ReportFooter {
  readonly finishedAt: string;
  readonly summary: ReportSummary;
  /** Whether a finding reached the failure threshold (the exit code will be 1). */
  readonly failed: boolean;
}

/**
 * A streaming report writer, called `begin` once, `file` per file in scan order, then `end` once.
 * Each call resolves when its output has been handed to the stream (respecting back-pressure).
 */
export interface ReportWriter {
  begin(header: ReportHeader): Promise<void>;
  file(file: FileReport): Promise<void>;
  end(footer: ReportFooter): Promise<void>;
}

export interface WriterContext {
  readonly out: Writable;
  /** Use ANSI colours (text writers; only when writing to a terminal). */
  readonly color?: boolean;
}

export type WriterFactory = (context: WriterContext) => ReportWriter;

/**
 * The output formats, by `--format` name. To add one: write `writers/<name>.ts` exporting a
 * `WriterFactory`, and add one line here.
 */
export const WRITERS: Readonly<Record<string, WriterFactory>> = {
  text: createTextWriter,
  json: createJsonWriter,
  sarif: createSarifWriter,
  junit: createJunitWriter,
  github: createGithubWriter,
};

/** The registered format names, for help texts and validation. */
export function writerNames(): string[] {
  return Object.keys(WRITERS);
}

/** Creates the writer for `format`; throws a `RangeError` naming the known formats for an unknown one. */
export function createWriter(format: string, context: WriterContext): ReportWriter {
  const factory = Object.hasOwn(WRITERS, format) ? WRITERS[format] : undefined;
  if (!factory) throw new RangeError(`unknown format "${format}" (known: ${writerNames().join(', ')})`);
  return factory(context);
}
