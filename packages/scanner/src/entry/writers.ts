/**
 * `@gallra/scanner/writers`: the report writers and the report schema version they write, and
 * nothing else — what a command line needs to define its options (`--format` choices, `--version`)
 * before it knows which command runs.
 * @packageDocumentation
 */
export { createWriter, writerNames } from '../writers/index.js';
export type { ReportWriter } from '../writers/index.js';
export { REPORT_SCHEMA_VERSION } from '../report.js';
