import { createGithubWriter } from './github.js';
import json from './json.js';
import { createJunitWriter } from './junit.js';
import { createSarifWriter } from './sarif.js';
import text from './text.js';
import { defineWriter, type ReportWriter, type Writer, type WriterContext } from './writer.js';

/**
 * The output formats, by id (= file name = `--format` value), sorted. To add one: write
 * `writers/<id>.ts` with a default-exported `defineWriter({ meta, create })`, a test, and one line here.
 */
export const WRITERS: Readonly<Record<string, Writer>> = Object.freeze({
  github: defineWriter({
    meta: { id: 'github', extension: '.txt', description: 'GitHub Actions workflow commands: one annotation per finding' },
    create: createGithubWriter,
  }),
  json,
  junit: defineWriter({
    meta: { id: 'junit', extension: '.xml', description: 'JUnit XML for CI test reports: failing findings as failures' },
    create: createJunitWriter,
  }),
  sarif: defineWriter({
    meta: { id: 'sarif', extension: '.sarif', description: 'SARIF 2.1.0 for code-scanning tools' },
    create: createSarifWriter,
  }),
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
export type { ReportFooter, ReportHeader, ReportWriter, Writer, WriterContext, WriterFactory, WriterMeta } from './writer.js';
