import { readFileSync } from 'node:fs';
import type { FileReport, ReportSummary } from './report.js';
import { REPORT_SCHEMA_VERSION } from './report.js';
import type { ContentScanOptions, ScanOptions } from './scan-options.js';
import { scanFile } from './scan-file.js';
import { SummaryBuilder, type FailPolicy } from './summary.js';
import { walk } from './walk.js';
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
}

/**
 * Scans files and folders and streams the report to the writer: walk → scanFile → writer.
 * Files are scanned a few at a time but written in walk order, so reports are deterministic.
 * Per-file problems are part of the report; this rejects only when the writer fails.
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
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const inFlight: Promise<FileReport>[] = [];
  const emit = async (report: FileReport) => {
    summary.add(report);
    await writer.file(report);
  };
  for await (const entry of walk(roots, options)) {
    if (entry.kind === 'error') {
      inFlight.push(Promise.resolve(errorReport(entry.target.root, entry.target.path, entry.error)));
    } else {
      inFlight.push(scanFile(entry.target, contentOptions));
    }
    if (inFlight.length >= concurrency) await emit(await inFlight.shift()!);
  }
  while (inFlight.length > 0) await emit(await inFlight.shift()!);

  const built = summary.build();
  await writer.end({ finishedAt: new Date().toISOString(), summary: built, failed: summary.failed });
  return { summary: built, failed: summary.failed };
}

/** Only what a worker needs to scan content; plain data. */
function contentOptionsOf(options: ScanOptions): ContentScanOptions {
  return {
    ...(options.reveal ? { reveal: true } : {}),
    ...(options.fingerprintKey ? { fingerprintKey: options.fingerprintKey } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
}

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
  };
}

function errorReport(root: string, path: string, error: FileReport['error']): FileReport {
  return { root, path, size: 0, modified: new Date(0).toISOString(), format: 'unknown', status: 'error', error, findings: [] };
}

/** This package's version, for the report's `tool` when the caller does not name itself. */
export const SCANNER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
