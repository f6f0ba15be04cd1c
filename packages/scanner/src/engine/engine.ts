import { basename, resolve } from 'node:path';
import { DEFAULT_LIMITS, FILE_TIME_LIMIT_DEFAULTS } from '../file-limits.js';
import { attachPackedFindings, packedFindingsOf, type PackRequest } from '../packed-findings.js';
import type { FileReport, ReportFinding } from '../report.js';
import { compareFindings, storable, type FindingChange, type StoredFinding } from './changes.js';
import { crawl, type CrawlFile, type CrawlOptions, type CrawlProblem, type CrawlStats } from './crawl.js';
import { DedupTable } from './dedup-table.js';
import { Emitter } from './emitter.js';
import { isoTime } from './iso-time.js';
import type { ScanPool } from './pool.js';
import { Progress, type ProgressOptions } from './progress.js';
import { RecentResults } from './recent-results.js';
import type { ContentResult, WorkOutcome } from './protocol.js';
import { ScanState, type FileChange, type StoredFile, type StoredFolder } from './state.js';

/** Defaults of {@link EngineOptions}. */
export const ENGINE_DEFAULTS = Object.freeze({
  timeoutMs: FILE_TIME_LIMIT_DEFAULTS.timeoutMs,
  timeoutMsPerMb: FILE_TIME_LIMIT_DEFAULTS.timeoutMsPerMb,
  workerHeapMb: 1024,
  maxFileBytes: DEFAULT_LIMITS.maxFileBytes,
  inMemoryBytes: 64 * 1024 * 1024,
  batchFiles: 256,
  batchBytes: 4 * 1024 * 1024,
  // A file that fits a batch joins one: every task costs the worker a round trip through this thread
  // (it waits, idle, for the next one), which cost more than the rare re-run of a batch whose file
  // crashed or hung its worker. At 256 KB, a 200 MB share of 20 KB-1.5 MB texts had ~90 one-file tasks.
  smallFileBytes: 4 * 1024 * 1024,
});

export interface EngineOptions extends CrawlOptions {
  /** Worker threads (default: available cores). */
  readonly jobs?: number;
  /**
   * Per-file wall-clock limit (ms) for a small file: the file is reported as `timeout` and its worker
   * replaced. Larger files get `timeoutMsPerMb` more per MiB (default 1 s: a 1 GB mailbox gets ~18 min).
   */
  readonly timeoutMs?: number;
  /** Extra time per MiB of file size on top of `timeoutMs` (default 1,000 ms; 0 = a fixed limit). */
  readonly timeoutMsPerMb?: number;
  /** Heap limit per worker (MB): an extraction that needs more costs that file (`worker-crashed`). */
  readonly workerHeapMb?: number;
  /** Files above this size are not read (`too-large`). */
  readonly maxFileBytes?: number;
  /** Files up to this size are read into memory in one go; larger ones are hashed and then streamed. */
  readonly inMemoryBytes?: number;
  /**
   * Module (path or URL) exporting `processContent(input, options)`. Default: the scanner's own
   * extract-and-detect. Tests pass hostile processors here; nothing else should need to.
   */
  readonly processor?: string | URL;
  /** Serialisable options handed to `processContent` in every worker (e.g. the content-scan options). */
  readonly processorOptions?: unknown;
  /**
   * Identifies the settings that shape results (detector options, key, limits). Stored results
   * made under another config are not reused.
   */
  readonly config?: string;
  /** SQLite state file for incremental scans. Without it every file is read. */
  readonly statePath?: string;
  /** Continue the state's interrupted scan instead of starting a new one. */
  readonly resume?: boolean;
  /** Extract identical content once per scan (default true). */
  readonly dedup?: boolean;
  /** Progress display; or pass a {@link Progress} you own. */
  readonly progress?: ProgressOptions | Progress;
  /** Small files are sent to workers in batches of up to this many files / bytes. */
  readonly batchFiles?: number;
  readonly batchBytes?: number;
  /** Files up to this size may share a batch. */
  readonly smallFileBytes?: number;
  /** Stops the crawl; in-flight files finish, the state keeps the scan resumable. */
  readonly signal?: AbortSignal;
  /**
   * `completion` (default): reports reach `onFile` as files finish, the fastest. `crawl`: in crawl
   * order (folders depth first, names sorted), deterministic; early results wait in a bounded buffer.
   */
  readonly order?: 'completion' | 'crawl';
  /**
   * Workers send each file's findings packed as asked (see `PackedFindings`), which spares this
   * thread most of the per-finding work; reports then carry them (`packedFindingsOf`). Not used
   * with `statePath`: comparing with the previous scan needs the finding objects anyway.
   */
  readonly packFindings?: PackRequest;
}

/** Per-file fields the engine adds when it runs with a state database. */
export interface IncrementalFields {
  /** How the file relates to the previous scan (content-based: a touched but identical file is `unchanged`). */
  readonly change?: FileChange;
  /** Findings of the previous scan that are gone from this file now. */
  readonly fixed?: readonly StoredFinding[];
}

/** A file report produced by the engine: the report model plus incremental fields. */
export type EngineFileReport = Omit<FileReport, 'findings'> &
  IncrementalFields & {
    readonly findings: readonly (ReportFinding & { readonly since?: FindingChange })[];
  };

/** A file the previous scan reported that this scan no longer found. */
export interface RemovedFile {
  readonly root: string;
  readonly path: string;
  /** Findings it had: they count as fixed. */
  readonly findings: number;
}

export interface ChangeCounts {
  new: number;
  changed: number;
  unchanged: number;
  deleted: number;
  findingsNew: number;
  findingsUnchanged: number;
  findingsFixed: number;
}

export interface EngineSummary {
  readonly files: number;
  readonly bytes: number;
  readonly errors: number;
  /** Files whose stored result was reused (no read, no worker). */
  readonly reused: number;
  /** Files whose content was identical to another file's in this scan (extracted once). */
  readonly duplicates: number;
  readonly crawl: CrawlStats;
  readonly problems: readonly CrawlProblem[];
  /** With state: the comparison with the previous scan. */
  readonly changes: ChangeCounts | null;
  readonly removed: readonly RemovedFile[];
  readonly scanId: number | null;
  readonly resumed: boolean;
  /** False when stopped by `signal` (the state scan stays resumable). */
  readonly complete: boolean;
}

const NO_CHANGES: readonly FindingChange[] = [];

/**
 * The worker pool module (piscina, and in its workers the extractors and detector), loaded when the
 * first file must be read: an unchanged rescan answers every file from the state and never needs it.
 */
let poolModule: typeof import('./pool.js') | undefined;
async function loadPoolModule(): Promise<typeof import('./pool.js')> {
  return (poolModule ??= await import('./pool.js'));
}

/**
 * Reasons worth another try on the next scan rather than reusing the stored error. A `timeout` says
 * nothing about the content, and the time limit is not part of the stored config: without a retry a
 * file that timed out would stay one even after `--file-timeout` was raised.
 */
const RETRY_REASONS = new Set(['unreadable', 'worker-crashed', 'internal-error', 'timeout']);

interface EngineItem {
  /** Position in crawl order. */
  readonly seq: number;
  readonly root: string;
  readonly rootAbs: string;
  readonly dir: string;
  readonly file: CrawlFile;
  readonly previous: StoredFile | undefined;
}

interface StoredResult extends ContentResult {
  readonly findings: readonly (StoredFinding & { readonly since?: FindingChange })[];
  readonly fixed?: readonly StoredFinding[];
}

/**
 * Runs a scan: streams the crawl into a bounded pool of workers and hands every file's report to
 * `onFile` in completion order (awaiting it, so a slow writer slows the crawl instead of growing
 * memory). With a state database, unchanged files are answered from it without reading them.
 */
export async function runEngine(
  roots: readonly string[],
  options: EngineOptions,
  onFile: (report: EngineFileReport) => void | Promise<void>,
): Promise<EngineSummary> {
  const jobs = options.jobs;
  const config = `${options.config ?? ''}|${String(options.processor ?? 'default')}`;
  const batchFiles = options.batchFiles ?? ENGINE_DEFAULTS.batchFiles;
  const batchBytes = options.batchBytes ?? ENGINE_DEFAULTS.batchBytes;
  const smallFileBytes = options.smallFileBytes ?? ENGINE_DEFAULTS.smallFileBytes;
  const state = options.statePath ? ScanState.open(options.statePath) : null;
  const excludePaths = [...(options.excludePaths ?? [])];
  if (options.statePath) {
    const db = resolve(options.statePath);
    excludePaths.push(db, `${db}-wal`, `${db}-shm`, `${db}-journal`);
  }
  const begun = state?.begin(roots.map((r) => resolve(r)), options.resume === true) ?? null;
  const scanId = begun?.scanId ?? null;
  const progress =
    options.progress instanceof Progress
      ? options.progress
      : new Progress({ ...options.progress, estimate: begun?.previous ? { files: begun.previous.files, bytes: begun.previous.bytes } : null });

  const crawlStats: CrawlStats = { directories: 0, files: 0, bytes: 0, skipped: 0 };
  const problems: CrawlProblem[] = [];
  const removed: RemovedFile[] = [];
  const changes: ChangeCounts | null = state
    ? { new: 0, changed: 0, unchanged: 0, deleted: 0, findingsNew: 0, findingsUnchanged: 0, findingsFixed: 0 }
    : null;
  const totals = { files: 0, bytes: 0, errors: 0, reused: 0, duplicates: 0 };

  let pool: ScanPool | null = null;
  const dedupBuffer = options.dedup === false ? null : DedupTable.create();
  const getPool = (): ScanPool =>
    (pool ??= new poolModule!.ScanPool({
      ...(jobs !== undefined ? { jobs } : {}),
      timeoutMs: options.timeoutMs ?? ENGINE_DEFAULTS.timeoutMs,
      timeoutMsPerMb: options.timeoutMsPerMb ?? ENGINE_DEFAULTS.timeoutMsPerMb,
      workerHeapMb: options.workerHeapMb ?? ENGINE_DEFAULTS.workerHeapMb,
      setup: {
        processor: String(options.processor ? toUrl(options.processor) : poolModule!.compiledModule('content-processor')),
        processorOptions: options.processorOptions ?? {},
        dedup: dedupBuffer,
        maxFileBytes: options.maxFileBytes ?? ENGINE_DEFAULTS.maxFileBytes,
        inMemoryBytes: options.inMemoryBytes ?? ENGINE_DEFAULTS.inMemoryBytes,
        pack: state ? null : (options.packFindings ?? null),
      },
    }));

  // Content-hash deduplication: results of recently extracted content, and files waiting for a
  // result still in flight. Bounded: a miss only costs re-extracting that file.
  const recent = new RecentResults();
  const waiting = new Map<string, EngineItem[]>();

  let batch: EngineItem[] = [];
  let batchSize = 0;
  const emitter = new Emitter<EngineFileReport>(options.order === 'crawl', onFile);
  let nextSeq = 0;
  const inflight = new Set<Promise<void>>();
  const maxInFlight = () => (pool?.jobs ?? 1) * 3;
  let failure: unknown = null;

  async function finish(item: EngineItem, hash: string | null, result: ContentResult): Promise<void> {
    const { file, previous } = item;
    let report: EngineFileReport;
    if (state && changes) {
      const prior = previous ? (JSON.parse(previous.result) as StoredResult) : null;
      const change: FileChange = !previous ? 'new' : previous.scanId === scanId ? previous.change : hash !== null && previous.hash === hash ? 'unchanged' : 'changed';
      const { since, fixed } = compareFindings(result.findings, prior?.findings ?? []);
      const findings = result.findings.map((finding, i) => ({ ...finding, since: since[i]! }));
      const stored: StoredResult = { ...result, findings: findings.map(storable), ...(fixed.length ? { fixed } : {}) };
      state.save(item.rootAbs, item.dir, { name: file.name, size: file.size, mtimeMs: file.mtimeMs, hash, config, change, result: JSON.stringify(stored) });
      report = toReport(item.root, file, { ...result, findings }, change, fixed);
      count(changes, change, since, fixed.length);
    } else {
      report = toReport(item.root, file, result, undefined, []);
    }
    await emit(item.seq, report, file.size);
  }

  // emit, reuse and the room check are plain functions returning the emitter's promise (no async
  // wrappers): they run once per file, and an unchanged rescan does little else per file.
  function emit(seq: number, report: EngineFileReport, size: number): Promise<void> {
    totals.files++;
    totals.bytes += size;
    const failed = report.status === 'error';
    if (failed) totals.errors++;
    progress.fileDone(size, failed);
    return emitter.push(seq, report);
  }

  /** Crawl order only: keep the hold-back buffer bounded without deadlocking on what it waits for. */
  async function ensureRoom(): Promise<void> {
    if (emitter.buffered < emitter.capacity) return;
    if (batch.length > 0) {
      const partial = batch;
      batch = [];
      batchSize = 0;
      await dispatch(partial);
    }
    if (waiting.size > 0) {
      const orphans = [...waiting.values()].flat();
      waiting.clear();
      await dispatch(orphans, false);
    }
    await emitter.room();
  }

  async function settle(item: EngineItem, outcome: WorkOutcome): Promise<void> {
    if (outcome.duplicate && outcome.hash) {
      totals.duplicates++;
      const known = recent.get(outcome.hash);
      if (known) return finish(item, outcome.hash, known);
      const list = waiting.get(outcome.hash);
      if (list) list.push(item);
      else waiting.set(outcome.hash, [item]);
      return;
    }
    const result = outcome.packed ? attachPackedFindings(outcome.result!, outcome.packed) : outcome.result!;
    if (outcome.hash) {
      recent.set(outcome.hash, result);
      const waiters = waiting.get(outcome.hash);
      if (waiters) {
        waiting.delete(outcome.hash);
        for (const waiter of waiters) await finish(waiter, outcome.hash, result);
      }
    }
    await finish(item, outcome.hash, result);
  }

  async function runBatch(items: readonly EngineItem[], dedup: boolean): Promise<void> {
    let outcomes: WorkOutcome[];
    try {
      outcomes = await getPool().run({ items: items.map(({ file }) => ({ file: file.file, name: file.name, size: file.size })), dedup });
    } catch (error) {
      if (!(error instanceof poolModule!.TaskFailure)) throw error;
      if (items.length > 1) {
        // Which file of the batch caused it is unknown: give each its own task (and its own time limit).
        for (const item of items) await runBatch([item], false);
        return;
      }
      const result: ContentResult = { format: 'unknown', status: 'error', error: { reason: error.reason, message: error.message }, warnings: [], findings: [] };
      await finish(items[0]!, null, result);
      return;
    }
    for (let i = 0; i < items.length; i++) await settle(items[i]!, outcomes[i]!);
  }

  async function dispatch(items: readonly EngineItem[], dedup = true): Promise<void> {
    if (items.length === 0) return;
    if (!pool) await loadPoolModule();
    getPool();
    while (inflight.size >= maxInFlight()) await Promise.race(inflight);
    if (failure) throw failure;
    const task: Promise<void> = runBatch(items, dedup)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inflight.delete(task));
    inflight.add(task);
  }

  /**
   * Reports file `at` of `known` from its stored result. Takes the file's parts rather than an
   * {@link EngineItem}: it runs for every file of an unchanged rescan, which allocates nothing else.
   */
  function reuse(seq: number, root: string, file: CrawlFile, known: StoredFolder, at: number, stored: StoredResult): Promise<void> {
    const sameScan = known.scanIdAt(at) === scanId;
    const change: FileChange = sameScan ? known.entry(at).change : 'unchanged';
    const fixed = sameScan ? (stored.fixed ?? []) : [];
    totals.reused++;
    // Most files have no findings: their stored result is reported as it is (no copies).
    if (stored.findings.length === 0) {
      count(changes!, change, NO_CHANGES, fixed.length);
      return emit(seq, toReport(root, file, stored, change, fixed), file.size);
    }
    const findings = sameScan ? stored.findings : stored.findings.map((f) => ({ ...f, since: 'unchanged' as const }));
    count(changes!, change, findings.map((f) => f.since ?? 'unchanged'), fixed.length);
    return emit(seq, toReport(root, file, { ...stored, findings }, change, fixed), file.size);
  }

  // The last reused file's report, not yet awaited. Awaited before anything else in the crawl loop
  // waits, so that a writer's error always has a handler when it surfaces.
  let reused: Promise<void> | undefined;
  const takeReused = (): Promise<void> | undefined => {
    const last = reused;
    reused = undefined;
    return last;
  };

  let complete = true;
  try {
    // Stored state of the directories being walked (a parent stays open while its subfolders are walked).
    const openDirs = new Map<string, StoredFolder>();
    for await (const event of crawl(roots, { ...options, excludePaths }, crawlStats)) {
      if (failure) throw failure;
      if (options.signal?.aborted) {
        complete = false;
        break;
      }
      if (event.kind === 'problem') {
        problems.push(event);
        // An unreadable folder's stored files are not deleted ones; a folder that vanished is.
        if (state && (event.path === '' || event.reason !== 'not-found')) state.keepSubtree(resolve(event.root), event.path);
        await emit(nextSeq++, problemReport(event), 0);
        continue;
      }
      progress.found(crawlStats.files, crawlStats.bytes, false);
      const key = `${event.rootAbs}\u0000${event.dir}`;
      let known: StoredFolder | undefined;
      if (state) {
        known = openDirs.get(key);
        if (!known) openDirs.set(key, (known = state.directory(event.rootAbs, event.dir)));
      }
      for (const file of event.files) {
        if (options.order === 'crawl' && emitter.buffered >= emitter.capacity) {
          await takeReused();
          await ensureRoom();
        }
        if (file.problem) {
          await takeReused();
          await emit(nextSeq++, problemReport({ kind: 'problem', root: event.root, path: file.path, ...file.problem }), 0);
          continue;
        }
        const at = known ? known.find(file.name) : -1;
        const seq = nextSeq++;
        if (at >= 0 && known!.sizeAt(at) === file.size && known!.mtimeMsAt(at) === file.mtimeMs && known!.configAt(at) === config) {
          const stored = parseStored(known!.resultAt(at));
          if (!(stored.status === 'error' && RETRY_REASONS.has(stored.error?.reason ?? ''))) {
            // Not awaited file by file: the reports of a chunk (at most `chunkSize`) queue in the
            // emitter, and the chunk's last one is awaited below (back-pressure, writer errors).
            reused = reuse(seq, event.root, file, known!, at, stored);
            continue;
          }
        }
        const previous = at >= 0 ? known!.entry(at) : undefined;
        const item: EngineItem = { seq, root: event.root, rootAbs: event.rootAbs, dir: event.dir, file, previous };
        if (file.size > smallFileBytes) {
          await takeReused();
          await dispatch([item]);
          continue;
        }
        batch.push(item);
        batchSize += file.size;
        if (batch.length >= batchFiles || batchSize >= batchBytes) {
          const full = batch;
          batch = [];
          batchSize = 0;
          await takeReused();
          await dispatch(full);
        }
      }
      await takeReused();
      if (event.complete && state && known) {
        for (const gone of known.rest()) {
          state.remove(event.rootAbs, event.dir, gone.name);
          noteRemoved(event.root, event.dir, gone.name, gone.result);
        }
        openDirs.delete(key);
      }
    }
    await dispatch(batch);
    batch = [];
    await Promise.all(inflight);
    // Duplicates whose original result is no longer at hand: extract them after all.
    while (!failure && waiting.size > 0) {
      const orphans = [...waiting.values()].flat();
      waiting.clear();
      for (let i = 0; i < orphans.length; i += batchFiles) await dispatch(orphans.slice(i, i + batchFiles), false);
      await Promise.all(inflight);
    }
    if (failure) throw failure;
    await emitter.drained();
    progress.found(crawlStats.files, crawlStats.bytes, true);
    if (state && complete) {
      for (const root of roots) {
        for (const gone of state.takeUnvisited(resolve(root))) noteRemoved(root, gone.dir, gone.name, gone.result);
      }
      state.finish(totals.files, totals.bytes);
    }
  } finally {
    await Promise.allSettled(inflight);
    if (pool) await (pool as ScanPool).close();
    if (!(options.progress instanceof Progress)) progress.stop();
    state?.close();
  }

  function noteRemoved(root: string, dir: string, name: string, result: string): void {
    const findings = (JSON.parse(result) as StoredResult).findings.length;
    removed.push({ root, path: dir === '' ? name : `${dir}/${name}`, findings });
    if (changes) {
      changes.deleted++;
      changes.findingsFixed += findings;
    }
  }

  return {
    ...totals,
    crawl: crawlStats,
    problems,
    changes,
    removed,
    scanId,
    resumed: begun?.resumed ?? false,
    complete,
  };
}

/**
 * Parses a stored result. Most files have the same small result (`ok`, no findings), so short
 * strings are parsed once and shared (reports are read-only downstream).
 */
const parsedResults = new Map<string, StoredResult>();
/** The last one parsed: neighbours usually share it, and comparing is cheaper than hashing. */
let lastStored: { json: string; parsed: StoredResult } | undefined;
function parseStored(json: string): StoredResult {
  if (json.length > 400) return JSON.parse(json) as StoredResult;
  if (lastStored?.json === json) return lastStored.parsed;
  let parsed = parsedResults.get(json);
  if (!parsed) {
    if (parsedResults.size >= 1000) parsedResults.clear();
    parsed = JSON.parse(json) as StoredResult;
    parsedResults.set(json, parsed);
  }
  lastStored = { json, parsed };
  return parsed;
}

function count(changes: ChangeCounts, change: FileChange, since: readonly FindingChange[], fixed: number): void {
  changes[change]++;
  for (const s of since) {
    if (s === 'new') changes.findingsNew++;
    else changes.findingsUnchanged++;
  }
  changes.findingsFixed += fixed;
}

function toReport(
  root: string,
  file: CrawlFile,
  result: ContentResult,
  change: FileChange | undefined,
  fixed: readonly StoredFinding[],
): EngineFileReport {
  // Built key by key rather than with conditional spreads: this runs once per file, also for every
  // unchanged file of a rescan. The key order is the report's and must not change.
  const report: { -readonly [K in keyof EngineFileReport]: EngineFileReport[K] } = {
    root,
    path: file.path,
    size: file.size,
    modified: isoTime(file.mtimeMs),
    format: result.format,
  } as EngineFileReport;
  if (result.encoding) report.encoding = result.encoding;
  report.status = result.status;
  report.error = result.error;
  if (result.warnings && result.warnings.length) report.warnings = result.warnings;
  const packed = packedFindingsOf(result);
  if (packed) attachPackedFindings(report, packed);
  else report.findings = result.findings;
  if (change) report.change = change;
  if (fixed.length) report.fixed = fixed;
  return report;
}

/** A place the crawler could not enter or read, as a file report (the scan goes on). */
function problemReport(problem: CrawlProblem): EngineFileReport {
  return {
    root: problem.root,
    path: problem.path === '' ? basename(problem.root) || '.' : problem.path,
    size: 0,
    modified: new Date(0).toISOString(),
    format: 'unknown',
    status: 'error',
    error: { reason: problem.reason, message: problem.message },
    findings: [],
  };
}

function toUrl(module: string | URL): URL {
  if (module instanceof URL) return module;
  if (/^[a-z]+:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) return new URL(module);
  return new URL(`file://${resolve(module)}`);
}
