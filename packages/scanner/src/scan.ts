import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runEngine, type EngineOptions, type EngineSummary } from './engine/engine.js';
import type { ReportSummary, ScanChanges } from './report.js';
import { REPORT_SCHEMA_VERSION } from './report.js';
import { DEFAULT_EXCLUDES, type ContentScanOptions, type ScanOptions } from './scan-options.js';
import { redactMessage } from './redact.js';
import { DEFAULT_LIMITS, FILE_TIME_LIMIT_DEFAULTS } from './file-limits.js';
import { SummaryBuilder, type FailPolicy } from './summary.js';
import { createExcludeMatcher } from './walk.js';
import type { ReportWriter } from './writers/index.js';

/** Where a scan's results go and how the tool names itself in the report. */
export interface ScanOutput {
  readonly writer: ReportWriter;
  /** Default: `{ name: 'gallra', version: <@gallra/scanner version> }`. */
  readonly tool?: { readonly name: string; readonly version: string };
  /** Extra effective options to record in the report (e.g. the output format). Never secrets. */
  readonly reportOptions?: Readonly<Record<string, unknown>>;
}

/** The outcome of a scan. */
export interface ScanResult {
  readonly summary: ReportSummary;
  /** A finding reached the `failOn` threshold: the CLI exits 1. */
  readonly failed: boolean;
  /** Stopped by `signal` before every file was scanned (the report covers the files done). */
  readonly interrupted: boolean;
}

/**
 * Scans files and folders and streams the report to the writer: the engine crawls, workers extract
 * and detect (docs/engine.md), the writer gets one report per file. By default reports are written
 * in walk order, so they are deterministic; `order: 'completion'` writes them as they finish.
 * Per-file problems are part of the report; this rejects only when the writer (or the state
 * database) fails.
 */
export async function scan(roots: readonly string[], options: ScanOptions, output: ScanOutput): Promise<ScanResult> {
  const policy: FailPolicy = { failOn: options.failOn ?? 'medium', failOnTestNumbers: options.failOnTestNumbers ?? false };
  const summary = new SummaryBuilder(policy);
  const { writer } = output;
  await writer.begin({
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: output.tool ?? { name: 'gallra', version: SCANNER_VERSION },
    scan: { roots: [...roots], startedAt: new Date().toISOString(), options: effectiveOptions(options, policy, output) },
  });

  const contentOptions = contentOptionsOf(options);
  // Not an async function: it runs once per file (a writer that throws still rejects via the emitter's chain).
  const engineOptions = engineOptionsOf(options, contentOptions);
  const reveal = options.reveal === true;
  const engine = await runEngine(roots, writer.packedFindings ? { ...engineOptions, packFindings: writer.packedFindings } : engineOptions, (raw) => {
    const report = reveal ? raw : withMaskedPath(raw);
    summary.add(report);
    return writer.file(report);
  });

  const built = engine.changes ? { ...summary.build(), changes: changesOf(engine, reveal) } : summary.build();
  await writer.end({ finishedAt: new Date().toISOString(), summary: built, failed: summary.failed });
  return { summary: built, failed: summary.failed, interrupted: !engine.complete };
}

/** Only what a worker needs to scan content; plain data. */
function contentOptionsOf(options: ScanOptions): ContentScanOptions {
  return {
    ...(options.reveal ? { reveal: true } : {}),
    ...(options.fingerprintKey ? { fingerprintKey: options.fingerprintKey } : {}),
    ...(options.now ? { now: options.now } : {}),
    limits: { ...options.limits, timeoutMs: options.limits?.timeoutMs ?? extractionDeadlineMs(options) },
    ...(options.maxFindingsPerFile !== undefined ? { maxFindingsPerFile: options.maxFindingsPerFile } : {}),
  };
}

/**
 * A scan's clock is the engine's per-file time limit (`fileTimeoutMs`, plus 1 s per MiB). The
 * extractors' own deadline (`limits.timeoutMs`, a fixed 120 s by default) would end a large file
 * before it whatever `fileTimeoutMs` says, so unless given it is set to what the engine allows the
 * largest file it reads: it only backs the engine up.
 */
function extractionDeadlineMs(options: ScanOptions): number {
  const baseMs = options.fileTimeoutMs ?? FILE_TIME_LIMIT_DEFAULTS.timeoutMs;
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  const ms = baseMs + Math.ceil(maxFileBytes / 1_048_576) * FILE_TIME_LIMIT_DEFAULTS.timeoutMsPerMb;
  return Math.min(ms, MAX_TIMER_MS);
}

/** The longest delay a Node.js timer (and so `AbortSignal.timeout`) honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The options recorded in the report: everything that shaped the result, never the fingerprint key. */
function effectiveOptions(options: ScanOptions, policy: FailPolicy, output: ScanOutput): Record<string, unknown> {
  return {
    ...output.reportOptions,
    reveal: options.reveal ?? false,
    failOn: policy.failOn,
    failOnTestNumbers: policy.failOnTestNumbers,
    exclude: [...(options.exclude ?? [])],
    defaultExcludes: options.defaultExcludes ?? true,
    ...(options.now ? { now: options.now } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.include?.length ? { include: [...options.include] } : {}),
    ...(options.gitignore ? { gitignore: true } : {}),
    ...(options.followSymlinks ? { followSymlinks: true } : {}),
    ...(options.oneFileSystem ? { oneFileSystem: true } : {}),
    ...(options.jobs ?? options.concurrency ? { jobs: options.jobs ?? options.concurrency } : {}),
    ...(options.fileTimeoutMs !== undefined ? { fileTimeoutMs: options.fileTimeoutMs } : {}),
    ...(options.statePath !== undefined ? { incremental: true, resume: options.resume === true } : {}),
    order: options.order ?? 'walk',
  };
}

/** What the engine needs: where to look, how to run, and the content options for its workers. */
function engineOptionsOf(options: ScanOptions, contentOptions: ContentScanOptions): EngineOptions {
  const jobs = options.jobs ?? options.concurrency;
  return {
    // The default excludes by name (the crawl checks the name it has); the globs, if any, by path.
    excludeNames: options.defaultExcludes === false ? [] : DEFAULT_EXCLUDES,
    ...(options.exclude?.length ? { isExcluded: createExcludeMatcher({ exclude: options.exclude, defaultExcludes: false }) } : {}),
    ...(options.skipFiles?.length ? { excludePaths: options.skipFiles } : {}),
    ...(options.include?.length ? { include: options.include } : {}),
    ignoreFiles: options.gitignore ? ['.gallraignore', '.gitignore'] : ['.gallraignore'],
    ...(options.followSymlinks ? { followSymlinks: true } : {}),
    ...(options.oneFileSystem ? { oneFileSystem: true } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(options.fileTimeoutMs !== undefined ? { timeoutMs: options.fileTimeoutMs } : {}),
    ...(options.limits?.maxFileBytes !== undefined ? { maxFileBytes: options.limits.maxFileBytes } : {}),
    ...(options.statePath !== undefined ? { statePath: options.statePath } : {}),
    ...(options.resume ? { resume: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.processor !== undefined ? { processor: options.processor } : {}),
    processorOptions: contentOptions,
    config: resultConfig(contentOptions),
    progress: { mode: options.progress ?? 'none', ...(options.progressStream ? { stream: options.progressStream } : {}) },
    order: options.order === 'completion' ? 'completion' : 'crawl',
  };
}

/**
 * Identifies everything that shapes a stored result, so a state database never serves results made
 * with another key, reference date, limit or scanner version. The key itself is only hashed.
 */
function resultConfig(contentOptions: ContentScanOptions): string {
  const { fingerprintKey, limits, ...rest } = contentOptions;
  // Limits in effect, not as given: the CLI passes every default explicitly and a library caller may
  // pass none, and both must find the same stored results. The time limit decides whether a file is
  // finished, not what a finished file holds, so it is left out.
  const { maxFileBytes, maxDepth, maxTotalBytes, maxRatio, maxMembers } = { ...DEFAULT_LIMITS, ...limits };
  const keyHash = fingerprintKey ? createHash('sha256').update(fingerprintKey).digest('hex').slice(0, 16) : '';
  const config = { v: SCANNER_VERSION, keyHash, ...rest, limits: { maxFileBytes, maxDepth, maxTotalBytes, maxRatio, maxMembers } };
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

function changesOf(engine: EngineSummary, reveal: boolean): ScanChanges {
  const counts = engine.changes!;
  const deletedFiles = reveal ? [...engine.removed] : engine.removed.map((gone) => withMaskedPath(gone));
  return { ...counts, reused: engine.reused, deletedFiles };
}

/**
 * A file's path as a report shows it without `--reveal`: anything shaped like an identity number in a
 * folder or file name is masked (`Intyg 19850101-****.pdf`), as in error messages. The state database
 * keeps real paths, so incremental scans still tell files apart; `--reveal` prints them.
 */
function withMaskedPath<T extends { readonly path: string }>(report: T): T {
  const path = redactMessage(report.path);
  if (path === report.path) return report;
  // A copy by property descriptors: a report may carry its findings packed behind a getter (packed-findings.ts).
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(report)) as T;
  Object.defineProperty(copy, 'path', { value: path, enumerable: true, configurable: true, writable: false });
  return copy;
}

/** This package's version, for the report's `tool` when the caller does not name itself. */
export const SCANNER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
