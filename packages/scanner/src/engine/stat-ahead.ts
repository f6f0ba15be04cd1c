import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Sizes and modification times of a batch of files, two numbers per file in the order asked:
 * `[size, mtimeMs]`, or `[NaN, 0]` when the file is gone and `[NaN, 1]` when it could not be
 * examined (the caller stats that one itself, to report it exactly as it would have).
 */
export type StatValues = Float64Array;

/** A batch of files handed to the helper thread. */
export interface StatJob {
  readonly id: number;
  readonly result: Promise<StatValues | null>;
}

/** Claim states of a job, shared with the helper thread: whoever claims a job first does it. */
const OPEN = 0;
const HELPER = 1;
const CALLER = 2;
/** Jobs share claim slots modulo this; callers keep far fewer jobs outstanding. */
const SLOTS = 1024;

// Plain CommonJS evaluated in the thread: no module to resolve (the scanner may run from src/ under
// vitest, where a worker could not load TypeScript) and nothing else to load, so it starts fast.
const HELPER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const claims = new Int32Array(workerData.claims);
parentPort.on('message', (jobs) => {
  for (const { id, paths } of jobs) run(id, paths);
});
function run(id, paths) {
  if (Atomics.compareExchange(claims, id % ${SLOTS}, ${OPEN}, ${HELPER}) !== ${OPEN}) return;
  const values = new Float64Array(paths.length * 2);
  for (let i = 0; i < paths.length; i++) {
    let info;
    try {
      info = statSync(paths[i], { throwIfNoEntry: false });
    } catch {
      values[2 * i] = NaN;
      values[2 * i + 1] = 1;
      continue;
    }
    if (info === undefined) {
      values[2 * i] = NaN;
      values[2 * i + 1] = 0;
    } else {
      values[2 * i] = info.size;
      values[2 * i + 1] = info.mtimeMs;
    }
  }
  parentPort.postMessage({ id, values }, [values.buffer]);
}
`;

/**
 * Stats files in a helper thread ahead of the walk, so that on a large tree the system calls run on
 * another core while the main thread compares and reports (an unchanged rescan is mostly `stat`).
 * The walk submits the files of directories it will enter soon; when it reaches one, it either gets
 * the helper's values or — if the helper has not started that batch yet (it is busy or still
 * starting) — claims the batch and stats the files itself, so it never waits for work not begun.
 */
export class StatAhead {
  private readonly claims = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (values: StatValues | null) => void>();
  private nextId = 0;
  private stopped = false;
  /** Batches submitted since the last {@link flush}. */
  private outbox: { id: number; paths: readonly string[] }[] = [];

  private constructor() {
    this.worker = new Worker(HELPER_SOURCE, {
      eval: true,
      workerData: { claims: this.claims.buffer },
      // It holds one batch at a time: a small heap keeps the process's memory close to what it was.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
    });
    this.worker.unref(); // never keeps the process alive
    this.worker.on('message', ({ id, values }: { id: number; values: StatValues }) => this.settle(id, values));
    // A helper that fails only costs speed: the walk stats the files of its unfinished batches itself.
    this.worker.on('error', () => this.stop());
    this.worker.on('exit', () => this.stop());
  }

  /** Starts the helper thread, or returns null where threads are not available. */
  static start(): StatAhead | null {
    try {
      return new StatAhead();
    } catch {
      return null;
    }
  }

  /** Queues absolute paths for the helper; they are sent with the next {@link flush}. */
  submit(paths: readonly string[]): StatJob {
    const id = this.nextId++;
    Atomics.store(this.claims, id % SLOTS, OPEN);
    const result = new Promise<StatValues | null>((resolve) => this.waiting.set(id, resolve));
    if (this.stopped) this.settle(id, null);
    else this.outbox.push({ id, paths });
    return { id, result };
  }

  /** Sends the batches submitted since the last call, in one message. */
  flush(): void {
    if (this.outbox.length === 0 || this.stopped) return;
    this.worker.postMessage(this.outbox);
    this.outbox = [];
  }

  /**
   * The helper's values for `job`, or null when the caller must stat the files itself: the helper
   * had not started the batch (it now never will) or is gone.
   */
  take(job: StatJob): Promise<StatValues | null> | null {
    if (Atomics.compareExchange(this.claims, job.id % SLOTS, OPEN, CALLER) === OPEN) {
      this.waiting.delete(job.id);
      return null;
    }
    return job.result;
  }

  /** Ends the helper thread; unfinished batches resolve to null. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const resolve of this.waiting.values()) resolve(null);
    this.waiting.clear();
    void this.worker.terminate();
  }

  private settle(id: number, values: StatValues | null): void {
    const resolve = this.waiting.get(id);
    if (!resolve) return;
    this.waiting.delete(id);
    resolve(values);
  }
}

/** Idle time of all CPUs together and the wall clock, both in milliseconds. */
export interface IdleSample {
  readonly idleMs: number;
  readonly at: number;
}

export function idleCpuNow(): IdleSample {
  let idleMs = 0;
  for (const cpu of cpus()) idleMs += cpu.times.idle;
  return { idleMs, at: performance.now() };
}

/** The shortest window that tells (CPU times count in 10 ms ticks). */
const SPARE_WINDOW_MS = 100;

/**
 * Whether at least half a core was idle on average since `since`; null while the window is too short
 * to tell. A helper thread pays off only with a core to run on: measured on a 2-core machine under
 * other load, it made an unchanged rescan slower and costlier (it competes with the walk).
 */
export function spareCoreSince(since: IdleSample): boolean | null {
  if (performance.now() - since.at < SPARE_WINDOW_MS) return null;
  const now = idleCpuNow();
  return (now.idleMs - since.idleMs) / (now.at - since.at) >= 0.5;
}
