/**
 * `@gallra/scanner`: crawl → extract → detect → rules → report.
 * @packageDocumentation
 */
export { REPORT_SCHEMA_VERSION } from './report.js';
export type {
  FileReport,
  FileStatus,
  ReportError,
  ReportFinding,
  ReportLocation,
  ReportSummary,
  ScanReport,
} from './report.js';
export * from './engine/index.js';
