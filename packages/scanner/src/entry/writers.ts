/**
 * `@gallra/scanner/writers`: the report writers, the report schema version they write and the
 * default per-file limits, and nothing else — what a command line needs to define its options
 * (`--format` choices, `--version`, the limits' defaults) before it knows which command runs.
 * @packageDocumentation
 */
export { createWriter, writerNames } from '../writers/index.js';
export type { ReportWriter } from '../writers/index.js';
export { REPORT_SCHEMA_VERSION } from '../report.js';
export { DEFAULT_LIMITS, FILE_TIME_LIMIT_DEFAULTS } from '../file-limits.js';
