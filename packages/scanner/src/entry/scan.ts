/**
 * `@gallra/scanner/scan`: what `gallra scan` needs — {@link scan} and the report writers — without
 * the CI mode, git, fixer, extractors and detector of the main entry point. The worker pool (and with
 * it the extractors and detector) is loaded by the engine only when a file must actually be read, so
 * an unchanged rescan with `--state` never loads it.
 * @packageDocumentation
 */
export { scan, SCANNER_VERSION } from '../scan.js';
export type { ScanOutput, ScanResult } from '../scan.js';
export type { ContentScanOptions, ScanOptions } from '../scan-options.js';
export { createWriter, writerNames } from '../writers/index.js';
export type { ReportWriter } from '../writers/index.js';
export { REPORT_SCHEMA_VERSION } from '../report.js';
export type { Confidence } from '@gallra/core';
