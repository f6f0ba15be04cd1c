import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { decodeText, DEFAULT_LIMITS } from '@gallra/extractors';
import { inlineAllowedLines } from '../allow/inline-allow.js';
import { loadPathFilter } from '../allow/path-filter.js';
import { BaselineMatcher, PUBLIC_FINGERPRINT_LENGTH } from '../baseline/baseline.js';
import { BlobReader } from '../git/blob-reader.js';
import { commitChanges, lineInRanges, stagedChanges, type ChangedFile, type LineRange } from '../git/diff.js';
import { listHistoryBlobs } from '../git/history.js';
import { openRepository, resolveCommit, type Repository } from '../git/repository.js';
import { listTrackedFiles } from '../git/tracked.js';
import { REPORT_SCHEMA_VERSION, type FileReport, type ReportFinding, type ReportGitSource, type ReportSummary } from '../report.js';
import { describeProblem, scanContent, type ContentReport } from '../scan-content.js';
import type { ContentScanOptions } from '../scan-options.js';
import { SummaryBuilder, type FailPolicy } from '../summary.js';
import type { ReportWriter } from '../writers/index.js';
import type { CiMode, CiOptions } from './ci-options.js';
import { ContentWorkers } from './content-workers.js';

export interface CiOutput {
  readonly writer: ReportWriter;
  readonly tool: { readonly name: string; readonly version: string };
  /** Extra effective options to record in the report. Never secrets. */
  readonly reportOptions?: Readonly<Record<string, unknown>>;
}

export interface CiResult {
  readonly repository: Repository;
  readonly summary: ReportSummary;
  /** A finding that is not accepted reached the threshold: exit 1. */
  readonly failed: boolean;
  /** The threshold the run used. */
  readonly failOn: FailPolicy['failOn'];
  /** Some content could not be read or extracted (`status: "error"`): exit 3 with `--fail-on-error`. */
  readonly incomplete: boolean;
  /** The reports of files with findings (accepted ones included), for `baseline` and `--fix`. */
  readonly filesWithFindings: readonly FileReport[];
  /** History mode: commits walked and distinct blobs scanned. */
  readonly history?: { readonly commits: number; readonly blobs: number };
}

/** Blobs requested from git ahead of the one being scanned. */
const BLOB_PREFETCH = 128;

/** One piece of content to scan, and how to decide which of its findings are new. */
interface CiItem {
  readonly path: string;
  load(): Promise<{ bytes: Buffer | null; size: number; modified: string }>;
  /** Starts reading the content early (git blobs). */
  prefetch?(): void;
  /** Diff modes: which findings count as added. Absent: every finding counts. */
  readonly change?: ChangedFile;
  readonly git?: ReportGitSource;
}

/**
 * Runs `gallra ci`: finds the repository, lists what the mode covers, scans each file or blob with the
 * scanner's `scanContent`, keeps only added findings in diff modes, marks accepted findings
 * (inline markers, config allow-lists, baseline) and streams file reports to the writer.
 * Throws `GitError`/`ConfigError` before writing anything when the run cannot start.
 */
export async function runCi(options: CiOptions, output: CiOutput): Promise<CiResult> {
  const repo = await openRepository(options.cwd);
  const filter = await loadPathFilter(repo.root, options.allow?.paths ?? []);
  const maxBytes = options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  const reader = options.mode.kind === 'tracked' ? null : new BlobReader(repo, maxBytes);
  let workers: ContentWorkers | null = null;
  try {
    const { items, history } = await listItems(repo, options.mode, reader, maxBytes);
    // A text change that adds no line (deletions, pure renames, mode changes) cannot add a number.
    const selected = items.filter((item) => !filter.ignores(item.path) && !(item.change && !item.change.binary && item.change.added.length === 0));
    const policy: FailPolicy = { failOn: options.failOn ?? 'medium', failOnTestNumbers: options.failOnTestNumbers ?? false };
    const summary = new SummaryBuilder(policy);
    const startedAt = new Date().toISOString();
    await output.writer.begin({
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: output.tool,
      scan: { roots: [repo.root], startedAt, options: effectiveOptions(options, policy, output) },
    });
    const judge = new FindingJudge(options);
    const contentOptions: ContentScanOptions = {
      ...(options.fingerprintKey ? { fingerprintKey: options.fingerprintKey } : {}),
      ...(options.reveal ? { reveal: true } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    };
    const withFindings: FileReport[] = [];
    const jobs = Math.min(options.jobs ?? 0, availableParallelism() * 2);
    workers = jobs > 0 ? new ContentWorkers(jobs, contentOptions) : null;
    const scan: ContentScanner = workers
      ? (name, bytes) => workers!.scan(name, bytes)
      : (name, bytes) => scanContent({ name, size: bytes.length, bytes }, contentOptions);
    const concurrency = Math.max(1, options.concurrency ?? (workers ? 32 : 8));
    const inFlight: Promise<FileReport>[] = [];
    const emit = async (report: FileReport) => {
      summary.add(report);
      if (report.findings.length > 0) withFindings.push(report);
      await output.writer.file(report);
    };
    let prefetched = 0;
    for (const [index, item] of selected.entries()) {
      // Ask git for blobs well ahead of scanning them, so reading and scanning overlap.
      for (; prefetched < Math.min(selected.length, index + BLOB_PREFETCH); prefetched++) selected[prefetched]!.prefetch?.();
      inFlight.push(scanItem(item, scan, judge, reader, startedAt, maxBytes));
      if (inFlight.length >= concurrency) await emit(await inFlight.shift()!);
    }
    while (inFlight.length > 0) await emit(await inFlight.shift()!);
    const built = summary.build();
    await output.writer.end({ finishedAt: new Date().toISOString(), summary: built, failed: summary.failed });
    return {
      repository: repo,
      summary: built,
      failed: summary.failed,
      failOn: policy.failOn,
      incomplete: built.errors > 0,
      filesWithFindings: withFindings,
      ...(history ? { history } : {}),
    };
  } finally {
    await reader?.close();
    await workers?.close();
  }
}

/** Scans one piece of content, in this thread or a worker. */
type ContentScanner = (name: string, bytes: Uint8Array) => Promise<ContentReport>;

async function listItems(
  repo: Repository,
  mode: CiMode,
  reader: BlobReader | null,
  maxBytes: number,
): Promise<{ items: CiItem[]; history?: { commits: number; blobs: number } }> {
  switch (mode.kind) {
    case 'tracked': {
      const paths = await listTrackedFiles(repo);
      return { items: paths.map((path) => workingTreeItem(repo, path, maxBytes)) };
    }
    case 'staged': {
      const changes = await stagedChanges(repo);
      return { items: changes.map((change) => blobItem(reader!, change.path, change.newBlob, null, change)) };
    }
    case 'commits': {
      // Resolve first: a clear "unknown revision" (with a shallow-clone hint) instead of git's log error.
      const to = await resolveCommit(repo, mode.to);
      const from = mode.from === null ? null : await resolveCommit(repo, mode.from);
      const changes = await commitChanges(repo, from, to);
      return { items: changes.map((change) => blobItem(reader!, change.path, change.newBlob, change.commit, change)) };
    }
    case 'history': {
      const listing = await listHistoryBlobs(repo);
      return {
        items: listing.blobs.map((blob) => blobItem(reader!, blob.path, blob.oid, blob.commit)),
        history: { commits: listing.commits, blobs: listing.blobs.length },
      };
    }
  }
}

function workingTreeItem(repo: Repository, path: string, maxBytes: number): CiItem {
  return {
    path,
    async load() {
      const file = join(repo.root, path);
      const info = await stat(file);
      // Not read at all above the file size limit, like blobs (BlobReader) and `gallra scan`.
      const bytes = info.size > maxBytes ? null : await readFile(file);
      return { bytes, size: info.size, modified: info.mtime.toISOString() };
    },
  };
}

function blobItem(reader: BlobReader, path: string, oid: string, commit: string | null, change?: ChangedFile): CiItem {
  // Ask for the blob now, so that git streams it while earlier items are being scanned.
  let pending: ReturnType<BlobReader['read']> | null = null;
  return {
    path,
    git: { blob: oid, commit },
    ...(change ? { change } : {}),
    prefetch() {
      pending ??= reader.read(oid);
      // A failed prefetch is reported by load(); do not let it count as unhandled meanwhile.
      pending.catch(() => undefined);
    },
    async load() {
      pending ??= reader.read(oid);
      const blob = await pending;
      return { bytes: blob.bytes, size: blob.size, modified: '' };
    },
  };
}

async function scanItem(
  item: CiItem,
  scan: ContentScanner,
  judge: FindingJudge,
  reader: BlobReader | null,
  startedAt: string,
  maxBytes: number,
): Promise<FileReport> {
  const base = { root: '.', path: item.path, ...(item.git ? { git: item.git } : {}) };
  let loaded: Awaited<ReturnType<CiItem['load']>>;
  try {
    loaded = await item.load();
  } catch (error) {
    if (!item.git && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      // Tracked but deleted in the working tree: nothing to read, and nothing broken.
      const error = { reason: 'deleted', message: 'tracked by git but deleted in the working tree' };
      return { ...base, size: 0, modified: startedAt, format: 'unknown', status: 'skipped', error, findings: [] };
    }
    return { ...base, size: 0, modified: startedAt, format: 'unknown', status: 'error', error: describeProblem(error), findings: [] };
  }
  const modified = loaded.modified || startedAt;
  if (loaded.bytes === null) {
    const error = { reason: 'too-large', message: `file is ${loaded.size} bytes; the file size limit is ${maxBytes} bytes` };
    return { ...base, size: loaded.size, modified, format: 'unknown', status: 'error', error, findings: [] };
  }
  const content = await scan(item.path, loaded.bytes);
  let findings = content.findings.map((f) => judge.fingerprinted(f));
  if (item.change) findings = await addedFindings(findings, content, item.change, loaded.bytes, scan, judge, reader);
  const allowedLines = content.format === 'text' && findings.length > 0 ? inlineLines(loaded.bytes) : null;
  findings = findings.map((f) => judge.judge(item.path, f, allowedLines));
  return {
    ...base,
    size: loaded.size,
    modified,
    format: content.format,
    ...(content.encoding ? { encoding: content.encoding } : {}),
    status: content.status,
    error: content.error,
    ...(content.warnings.length > 0 ? { warnings: content.warnings } : {}),
    findings,
  };
}

function inlineLines(bytes: Buffer): ReadonlySet<number> | null {
  const decoded = decodeText(bytes);
  return decoded === null ? null : inlineAllowedLines(decoded.text);
}

/**
 * Keeps the findings a change added. Text diffs: findings on added lines (from the hunks). Binary diffs
 * and documents (whose locations are not file lines): findings whose value the old version lacked.
 */
async function addedFindings(
  findings: ReportFinding[],
  content: ContentReport,
  change: ChangedFile,
  bytes: Buffer,
  scan: ContentScanner,
  judge: FindingJudge,
  reader: BlobReader | null,
): Promise<ReportFinding[]> {
  if (findings.length === 0) return findings;
  // Lines are git's lines (split at \n) only if the text has no lone \r, which the scanner also
  // counts as a line break (old Mac files): otherwise compare by value like a binary file.
  if (!change.binary && content.format === 'text' && !hasLoneCarriageReturn(bytes)) {
    return findings.filter((f) => f.location.member === null && lineInRanges(change.added as LineRange[], f.location.line));
  }
  if (change.oldBlob === null || reader === null) return findings;
  const old = await reader.read(change.oldBlob);
  if (old.bytes === null) return findings;
  const before = await scan(change.oldPath ?? change.path, old.bytes);
  const known = new Set(before.findings.map((f) => judge.fingerprinted(f).fingerprint));
  return findings.filter((f) => !known.has(f.fingerprint));
}

function hasLoneCarriageReturn(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(13); i >= 0; i = bytes.indexOf(13, i + 1)) if (bytes[i + 1] !== 10) return true;
  return false;
}

/** Applies fingerprint truncation and the accept rules (inline, config, baseline) to findings. */
class FindingJudge {
  private readonly baseline: BaselineMatcher | null;
  private readonly allowedTypes: ReadonlySet<string>;
  private readonly allowedFingerprints: readonly string[];
  private readonly publicFingerprints: boolean;

  constructor(options: CiOptions) {
    this.baseline = options.baseline ? new BaselineMatcher(options.baseline) : null;
    this.allowedTypes = new Set(options.allow?.types ?? []);
    this.allowedFingerprints = options.allow?.fingerprints ?? [];
    this.publicFingerprints = !options.fingerprintKey;
  }

  /** Without a key, the public fingerprint is cut to 20 bits so that it cannot be reversed to one number. */
  fingerprinted(finding: ReportFinding): ReportFinding {
    if (!this.publicFingerprints) return finding;
    return { ...finding, fingerprint: finding.fingerprint.slice(0, PUBLIC_FINGERPRINT_LENGTH) };
  }

  judge(path: string, finding: ReportFinding, allowedLines: ReadonlySet<number> | null): ReportFinding {
    const suppression = this.suppressionOf(path, finding, allowedLines);
    return suppression ? { ...finding, suppression } : finding;
  }

  private suppressionOf(path: string, f: ReportFinding, allowedLines: ReadonlySet<number> | null): ReportFinding['suppression'] {
    if (allowedLines && f.location.member === null && allowedLines.has(f.location.line)) {
      return { kind: 'inline', detail: 'gallra:allow' };
    }
    if (this.allowedTypes.has(f.type)) return { kind: 'config', detail: 'allow.types' };
    if (this.allowedFingerprints.some((fp) => f.fingerprint.startsWith(fp))) {
      return { kind: 'config', detail: 'allow.fingerprints' };
    }
    if (this.baseline?.accepts({ path, type: f.type, fingerprint: f.fingerprint })) return { kind: 'baseline', detail: 'baseline' };
    return undefined;
  }
}

function effectiveOptions(options: CiOptions, policy: FailPolicy, output: CiOutput): Record<string, unknown> {
  return {
    ...output.reportOptions,
    mode: options.mode,
    reveal: options.reveal ?? false,
    failOn: policy.failOn,
    failOnTestNumbers: policy.failOnTestNumbers,
    fingerprints: options.fingerprintKey ? 'keyed' : 'public',
    baseline: options.baseline ? options.baseline.entries.length : null,
    ...(options.now ? { now: options.now } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
}
