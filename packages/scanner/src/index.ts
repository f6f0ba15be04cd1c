/**
 * `@gallra/scanner`: crawl → extract → detect → rules → report.
 *
 * ```ts
 * import { scan, createWriter } from '@gallra/scanner';
 * const { failed } = await scan(['./share'], { failOn: 'medium' }, { writer: createWriter('text', { out: process.stdout }) });
 * ```
 * @packageDocumentation
 */
export { REPORT_SCHEMA_VERSION } from './report.js';
export type {
  FileReport,
  FileStatus,
  ReportError,
  ReportFinding,
  ReportGitSource,
  ReportLocation,
  ReportSummary,
  ScanChanges,
  ReportSuppression,
  ScanReport,
} from './report.js';
export { scan, SCANNER_VERSION } from './scan.js';
export type { ScanOutput, ScanResult } from './scan.js';
export { scanFile } from './scan-file.js';
export type { ScanTarget } from './scan-file.js';
export { scanContent, describeProblem } from './scan-content.js';
export type { ContentInput, ContentReport, DetectHints, ReportWarning } from './scan-content.js';
export { SegmentLocator, indexLineStarts } from './location.js';
export { SummaryBuilder, findingFails } from './summary.js';
export type { FailPolicy } from './summary.js';
export { walk, createExcludeMatcher } from './walk.js';
export type { WalkEntry, WalkOptions, ExcludeMatcher } from './walk.js';
export { DEFAULT_EXCLUDES } from './scan-options.js';
export { DEFAULT_LIMITS, FILE_TIME_LIMIT_DEFAULTS } from './file-limits.js';
export type { ContentScanOptions, ScanOptions } from './scan-options.js';
export { WRITERS, createWriter, defineWriter, writerNames } from './writers/index.js';
export type { ReportWriter, ReportHeader, ReportFooter, Writer, WriterContext, WriterFactory, WriterMeta } from './writers/index.js';
export { writeChunk } from './writers/stream.js';
export { displayPath, formatLocation } from './writers/text.js';
export { redactMessage } from './redact.js';
export { describeIoError } from './io-error.js';
export type { IoReason } from './io-error.js';
export type { Confidence, EntityType } from '@gallra/core';
export * from './engine/index.js';
export { runCi } from './ci/run-ci.js';
export type { CiOutput, CiResult } from './ci/run-ci.js';
export type { CiMode, CiOptions } from './ci/ci-options.js';
export { ConfigError, DEFAULT_FINGERPRINT_KEY_ENV, fingerprintKeyFrom, loadConfig, parseConfig } from './config/index.js';
export type { AllowConfig, ConfigErrorReason, FailOn, GallraConfig, LoadedConfig } from './config/index.js';
export { GitError, openRepository } from './git/index.js';
export type { GitErrorReason, Repository } from './git/index.js';
export { BaselineMatcher, createBaseline, formatBaseline, loadBaseline, parseBaseline } from './baseline/index.js';
export type { Baseline, BaselineCandidate, BaselineEntry } from './baseline/index.js';
export { inlineAllowedLines, IGNORE_FILE_NAME, loadPathFilter } from './allow/index.js';
export type { PathFilter } from './allow/index.js';
