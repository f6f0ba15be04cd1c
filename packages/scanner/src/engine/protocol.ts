/**
 * Messages between the engine (main thread) and its workers. Everything here is structured-clone
 * data: no functions, no class instances.
 */
import type { PackedFindings, PackRequest } from '../packed-findings.js';
import type { ContentReport } from '../scan-content.js';

/** One file for a worker to read and scan. */
export interface WorkItem {
  /** Absolute path to open. */
  readonly file: string;
  /** Base name (an extension hint for format detection). */
  readonly name: string;
  /** Size when listed (bytes). */
  readonly size: number;
}

/** A batch of files; small files travel together so per-task overhead is paid once per batch. */
export interface WorkTask {
  readonly items: readonly WorkItem[];
  /** False when re-running a duplicate whose original result was not kept: extract regardless. */
  readonly dedup: boolean;
  /** Set by the pool: the worker announces the task's start with {@link TaskStarted} carrying it. */
  readonly id?: number;
}

/**
 * What a worker posts (to the pool) when it starts a task. A worker is given its next task while it
 * still runs one, so that it never waits for the main thread; a task's time limit runs from its start.
 */
export interface TaskStarted {
  readonly gallraTaskStarted: number;
}

/** What scanning a file's content produced: the scanner's `ContentReport`, sent back by a worker. */
export type ContentResult = ContentReport;

/** A worker's answer for one item, in the same order as the task's items. */
export interface WorkOutcome {
  /** Hex SHA-256 of the content, or null if it could not be read. */
  readonly hash: string | null;
  /** True: another file with this content was claimed by an earlier task; `result` is absent. */
  readonly duplicate: boolean;
  readonly result?: ContentResult;
  /** The result's findings, packed as `WorkerSetup.pack` asks; `result` then has no `findings` property. */
  readonly packed?: PackedFindings;
  /** Milliseconds spent on this item in the worker. */
  readonly elapsedMs: number;
}

/** Settings every worker gets once, at start-up (piscina `workerData`). */
export interface WorkerSetup {
  /** URL of the module whose `processContent` export scans content (see `ContentProcessor`). */
  readonly processor: string;
  /** Options passed through to the processor unchanged (serialisable). */
  readonly processorOptions: unknown;
  /** Shared memory of the scan's {@link DedupTable}, or null to disable deduplication. */
  readonly dedup: SharedArrayBuffer | null;
  /** Files larger than this are not read (`too-large`). */
  readonly maxFileBytes: number;
  /** Files up to this size are read into memory in one go; larger ones are streamed. */
  readonly inMemoryBytes: number;
  /** Send findings packed (see `PackedFindings`) rather than as objects; null: as objects. */
  readonly pack: PackRequest | null;
}

/** Content handed to a processor: in memory (`bytes`) or as a re-openable stream (`open`). */
export interface ProcessorInput {
  readonly name: string;
  readonly size: number;
  readonly bytes?: Uint8Array;
  open?(): NodeJS.ReadableStream;
  /**
   * The file on disk, given with `open` (a file too big to read into memory): random-access formats
   * (zip, OOXML, ODF) read their parts in place instead of holding the whole file.
   */
  readonly path?: string;
}

/** The function a processor module exports as `processContent`. */
export type ContentProcessor = (input: ProcessorInput, options: unknown) => Promise<ContentResult>;
