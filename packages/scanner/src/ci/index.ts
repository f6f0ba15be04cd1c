/**
 * `@gallra/scanner/ci`: everything `gallra ci` needs, without the crawler, worker pool and state store
 * of the main entry point, so that a pre-commit run loads as few modules as possible.
 * @packageDocumentation
 */
export { runCi } from './run-ci.js';
export type { CiOutput, CiResult } from './run-ci.js';
export type { CiMode, CiOptions } from './ci-options.js';
export { REPORT_SCHEMA_VERSION } from '../report.js';
export type { FileReport, ReportFinding, ScanReport } from '../report.js';
export { ConfigError, DEFAULT_FINGERPRINT_KEY_ENV, fingerprintKeyFrom, loadConfig, parseConfig } from '../config/index.js';
export type { AllowConfig, ConfigErrorReason, FailOn, GallraConfig, LoadedConfig } from '../config/index.js';
export { GitError, openRepository } from '../git/index.js';
export type { GitErrorReason, Repository } from '../git/index.js';
export { BaselineMatcher, createBaseline, formatBaseline, loadBaseline, parseBaseline } from '../baseline/index.js';
export type { Baseline, BaselineCandidate, BaselineEntry } from '../baseline/index.js';
export { inlineAllowedLines, IGNORE_FILE_NAME, loadPathFilter } from '../allow/index.js';
export type { PathFilter } from '../allow/index.js';
export { createWriter, writerNames } from '../writers/index.js';
export type { ReportWriter } from '../writers/index.js';
export { applyFixPlans, planFixes, pickTestNumber, surfaceFormOf } from '../fix/index.js';
export type { FixChange, FixPlan, FixTarget } from '../fix/index.js';
