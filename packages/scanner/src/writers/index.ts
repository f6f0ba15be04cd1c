import json from './json.js';
import text from './text.js';
import type { ReportWriter, Writer, WriterContext } from './writer.js';

/**
 * The output formats, by id (= file name = `--format` value), sorted. To add one: write
 * `writers/<id>.ts` with a default-exported `defineWriter({ meta, create })`, a test, and one line here.
 */
export const WRITERS: Readonly<Record<string, Writer>> = Object.freeze({
  json,
  text,
} satisfies Record<string, Writer>);

/** The registered format ids, for `--format` choices and validation. */
export function writerNames(): string[] {
  return Object.keys(WRITERS);
}

/** Creates the writer for `format`; throws a `RangeError` naming the known formats for an unknown one. */
export function createWriter(format: string, context: WriterContext): ReportWriter {
  const writer = Object.hasOwn(WRITERS, format) ? WRITERS[format] : undefined;
  if (!writer) throw new RangeError(`unknown format "${format}" (known: ${writerNames().join(', ')})`);
  return writer.create(context);
}

export { defineWriter } from './writer.js';
export type { ReportFooter, ReportHeader, ReportWriter, Writer, WriterContext, WriterMeta } from './writer.js';
