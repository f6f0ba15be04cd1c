/**
 * Worker entry (piscina): reads each file of a task read-only, hashes it, claims the hash in the
 * shared dedup table and, if it is the first with that content, hands it to the processor module.
 * Bad input never throws out of here; only a hang, a crash or running out of memory ends a task
 * abnormally, and the main thread turns that into a per-file `timeout` / `worker-crashed`.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { describeIoError } from '../io-error.js';
import { packFindingsBatch } from '../packed-findings.js';
import { redactMessage } from '../redact.js';
import { DedupTable } from './dedup-table.js';
import { openForScan, ReadBuffer, readFileForScan } from './read-file.js';
import type { ContentProcessor, ContentResult, TaskStarted, WorkerSetup, WorkOutcome, WorkTask } from './protocol.js';

const setup = workerData as WorkerSetup;
const table = setup.dedup ? new DedupTable(setup.dedup) : null;
// Loaded before the worker reports itself ready (top-level await), so a ready worker is fully linked.
const processorModule = (await import(setup.processor)) as { processContent?: ContentProcessor };
if (typeof processorModule.processContent !== 'function') throw new TypeError(`${setup.processor} does not export processContent`);
const processContent: ContentProcessor = processorModule.processContent;
/**
 * A processor module that exports `releasesBytes = true` promises to keep nothing that views
 * `input.bytes` once its promise settles: files are then read into one reused buffer.
 */
const readBuffer = (processorModule as { releasesBytes?: unknown }).releasesBytes === true ? new ReadBuffer() : undefined;

/** The task before the newest: tasks run one after the other, in the order they arrived. */
let previous: Promise<unknown> = Promise.resolve();

/**
 * Piscina entry. The pool hands this worker its next task while it still runs one (so that it never
 * waits, idle, for the main thread); the next one starts when the current one is done, and says so.
 */
export default function runTask(task: WorkTask): Promise<WorkOutcome[]> {
  const run = previous.then(() => {
    if (task.id !== undefined) parentPort?.postMessage({ gallraTaskStarted: task.id } satisfies TaskStarted);
    return scanTask(task);
  });
  previous = run.catch(() => undefined);
  return run;
}

async function scanTask(task: WorkTask): Promise<WorkOutcome[]> {
  const outcomes: WorkOutcome[] = [];
  // Items whose findings travel packed (see WorkerSetup.pack), by index in `outcomes`.
  const toPack: number[] = [];
  for (const item of task.items) {
    const started = performance.now();
    const outcome = await scanItem(processContent, item.file, item.name, item.size, task.dedup);
    if (setup.pack && outcome.result && outcome.result.findings.length > 0) toPack.push(outcomes.length);
    outcomes.push({ ...outcome, elapsedMs: performance.now() - started });
  }
  if (!setup.pack || toPack.length === 0) return outcomes;
  // Bytes in one transferred buffer cross the thread boundary far more cheaply than thousands of
  // small objects (which the main thread would also have to collect again).
  const { packed, buffer } = packFindingsBatch(
    toPack.map((i) => outcomes[i]!.result!.findings),
    setup.pack,
  );
  toPack.forEach((index, i) => {
    const outcome = outcomes[index]!;
    // Without its findings property: the main thread adds it back as a new (lazy) property, which
    // keeps the object's fast shape, where turning an existing one into an accessor would not.
    const { findings: _sent, ...rest } = outcome.result!;
    outcomes[index] = { ...outcome, result: rest as ContentResult, packed: packed[i]! };
  });
  const answer = { [transferableSymbol]: [buffer], [valueSymbol]: outcomes };
  return move(answer) as unknown as WorkOutcome[];
}

async function scanItem(
  processContent: ContentProcessor,
  file: string,
  name: string,
  listedSize: number,
  dedup: boolean,
): Promise<Omit<WorkOutcome, 'elapsedMs'>> {
  if (listedSize > setup.maxFileBytes) {
    return { hash: null, duplicate: false, result: failed('too-large', `file is ${listedSize} bytes; the file size limit is ${setup.maxFileBytes} bytes`) };
  }
  const into = readBuffer?.tryHold() ? readBuffer : undefined;
  try {
    return await readAndProcess(processContent, file, name, listedSize, dedup, into);
  } finally {
    into?.release();
  }
}

async function readAndProcess(
  processContent: ContentProcessor,
  file: string,
  name: string,
  listedSize: number,
  dedup: boolean,
  into: ReadBuffer | undefined,
): Promise<Omit<WorkOutcome, 'elapsedMs'>> {
  let bytes: Buffer | undefined;
  let hash: Buffer;
  try {
    if (listedSize <= setup.inMemoryBytes) {
      const read = readFileForScan(file, setup.maxFileBytes, into, listedSize);
      if (read.truncated) return { hash: null, duplicate: false, result: failed('too-large', `file grew past the file size limit of ${setup.maxFileBytes} bytes`) };
      bytes = read.bytes;
      hash = createHash('sha256').update(bytes).digest();
    } else {
      hash = hashStreaming(file);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EFBIG') return { hash: null, duplicate: false, result: failed('too-large', 'the file grew past the size limit') };
    const io = describeIoError(error) ?? { reason: 'unreadable', message: 'the file could not be read' };
    return { hash: null, duplicate: false, result: failed(io.reason, io.message) };
  }
  const hex = hash.toString('hex');
  if (dedup && table && table.claim(hash) === 'duplicate') return { hash: hex, duplicate: true };
  const size = bytes ? bytes.length : listedSize;
  const input = bytes
    ? { name, size, bytes }
    : { name, size, open: () => createReadStream(file, { fd: openForScan(file) }), path: file };
  let result: ContentResult;
  try {
    result = await processContent(input, setup.processorOptions);
  } catch (error) {
    // A processor is meant to turn bad input into a result; if it throws anyway, that is our bug.
    result = failed('internal-error', error instanceof Error ? error.message : String(error));
  }
  return { hash: hex, duplicate: false, result };
}

function hashStreaming(file: string): Buffer {
  const fd = openForScan(file);
  try {
    const hasher = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    let total = 0;
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
      total += n;
      if (total > setup.maxFileBytes) throw Object.assign(new Error('file grew past the size limit'), { code: 'EFBIG' });
      hasher.update(buffer.subarray(0, n));
    }
    return hasher.digest();
  } finally {
    closeSync(fd);
  }
}

/** A per-file error from the worker itself; its message may quote content, so it is redacted like all others. */
function failed(reason: string, message: string): ContentResult {
  return { format: 'unknown', status: 'error', error: { reason, message: redactMessage(message) }, warnings: [], findings: [] };
}
