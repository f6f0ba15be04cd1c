import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { TaskStarted, WorkerSetup, WorkOutcome, WorkTask } from './protocol.js';

/**
 * Resolves a module of this directory for use in a worker thread. Workers run plain Node, which
 * cannot load TypeScript, so when this code itself runs from `src/` (under vitest, through the
 * `development` export condition) the compiled twin in `dist/` is used: `npm test` builds first.
 */
export function compiledModule(name: string): URL {
  const own = new URL(import.meta.url);
  if (!own.pathname.endsWith('.ts')) return new URL(`./${name}.js`, own);
  const compiled = new URL(`../../dist/engine/${name}.js`, own);
  if (!existsSync(fileURLToPath(compiled))) {
    throw new Error(`@gallra/scanner: ${fileURLToPath(compiled)} is missing; run \`tsc -b\` (npm run build) first`);
  }
  return compiled;
}

/**
 * Node options for workers: the parent's, minus the `development` export condition (set by vitest).
 * Workers load compiled JavaScript, so they must resolve workspace packages to `dist/`, never `src/`.
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i]!;
    if ((arg === '--conditions' || arg === '-C') && parent[i + 1] === 'development') {
      i++;
      continue;
    }
    if (arg === '--conditions=development' || arg === '-C=development') continue;
    out.push(arg);
  }
  return withoutProcessWideOptions(out);
}

/**
 * Node refuses V8 and per-process options in a worker's `execArgv` (`ERR_WORKER_INVALID_EXEC_ARGV`),
 * so `node --max-old-space-size=4096 gallra scan …` used to fail before scanning anything. Those
 * options already apply to the whole process (V8 flags are process-wide), so workers start without
 * them. Which ones Node refuses is learnt from Node itself: a probe worker is created (and stopped at
 * once) only when there are options to check.
 */
function withoutProcessWideOptions(argv: string[]): string[] {
  if (argv.length === 0) return argv;
  try {
    const probe = new Worker('', { eval: true, execArgv: argv, stdout: true, stderr: true });
    void probe.terminate();
    return argv;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    // "Initiated Worker with invalid execArgv flags: --a, --b=1"
    const listed = (error as Error).message.replace(/^[^:]*:\s*/, '').split(', ');
    const kept = argv.filter((arg) => !listed.includes(arg));
    return kept.length < argv.length ? withoutProcessWideOptions(kept) : [];
  }
}

/** Why a task did not complete normally. */
export class TaskFailure extends Error {
  override readonly name = 'TaskFailure';
  constructor(
    /** `timeout`: abandoned after the time limit; `worker-crashed`: the worker died (exit, OOM, native error). */
    readonly reason: 'timeout' | 'worker-crashed',
    message: string,
  ) {
    super(message);
  }
}

export interface ScanPoolOptions {
  /** Worker threads (default: available cores). */
  readonly jobs?: number;
  /** Wall-clock limit per task in ms; the worker running it is terminated and replaced. */
  readonly timeoutMs: number;
  /** Extra time per MiB of a task's files (big mailboxes and PDFs need longer; an endless parser still ends). */
  readonly timeoutMsPerMb?: number;
  /** V8 old-generation limit per worker in MB (an extraction that needs more crashes that worker only). */
  readonly workerHeapMb?: number;
  readonly setup: WorkerSetup;
}

/**
 * Tasks a worker holds at once: the one it runs and the next. Between tasks a worker would otherwise
 * wait for the main thread to answer its result with a new task, which on a busy machine took ~10 ms
 * a time. Workers run their tasks one after the other all the same (see worker.ts).
 */
const TASKS_PER_WORKER = 2;

/** Attempts at a task whose worker died (for another task) before it started. */
const MAX_UNSTARTED_ATTEMPTS = 3;

/** The answer of {@link ScanPool.attempt} when the worker died before the task started. */
const NOT_STARTED = Symbol('not started');

/** A piscina pool running {@link WorkTask}s; failures come back as {@link TaskFailure}. */
export class ScanPool {
  readonly jobs: number;
  private readonly pool: Piscina<WorkTask, WorkOutcome[]>;
  private readonly timeoutMs: number;
  private readonly timeoutMsPerMb: number;
  private readonly workerHeapMb: number | undefined;
  private nextTaskId = 0;
  /** Per task in a worker: what to do when the worker announces its start. */
  private readonly onStart = new Map<number, () => void>();

  constructor(options: ScanPoolOptions) {
    this.jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
    this.timeoutMs = options.timeoutMs;
    this.timeoutMsPerMb = options.timeoutMsPerMb ?? 0;
    this.workerHeapMb = options.workerHeapMb;
    this.pool = new Piscina<WorkTask, WorkOutcome[]>({
      filename: compiledModule('worker').href,
      minThreads: this.jobs,
      maxThreads: this.jobs,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: TASKS_PER_WORKER,
      workerData: options.setup,
      execArgv: workerExecArgv(process.execArgv),
      ...(options.workerHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb } } : {}),
    });
    // A dying worker is reported through the task's rejection; this only keeps 'error' from being unhandled.
    this.pool.on('error', () => {});
    this.pool.on('message', (message: unknown) => {
      const id = (message as Partial<TaskStarted> | null)?.gallraTaskStarted;
      if (typeof id === 'number') this.onStart.get(id)?.();
    });
  }

  /** Runs one task. Rejects only with {@link TaskFailure}. */
  async run(task: WorkTask): Promise<WorkOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      const outcomes = await this.attempt(task);
      if (outcomes !== NOT_STARTED) return outcomes;
      // Its worker was stopped or died for the task before it: this one never ran, so it runs again.
      if (attempt >= MAX_UNSTARTED_ATTEMPTS) throw new TaskFailure('worker-crashed', 'the worker died before the task started; it was replaced');
    }
  }

  /** One try at a task; its time limit runs from when the worker starts it. */
  private async attempt(task: WorkTask): Promise<WorkOutcome[] | typeof NOT_STARTED> {
    const id = this.nextTaskId++;
    const limitMs = taskTimeLimitMs(task, this.timeoutMs, this.timeoutMsPerMb);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let started = false;
    this.onStart.set(id, () => {
      started = true;
      timer = setTimeout(() => controller.abort(), limitMs);
    });
    try {
      return await this.pool.run({ ...task, id }, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new TaskFailure('timeout', `no result within the time limit of ${limitMs} ms; the worker was stopped`);
      if (!started) return NOT_STARTED;
      if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY' && this.workerHeapMb) {
        throw new TaskFailure('worker-crashed', `out of memory: reading the file needed more than the worker heap limit of ${this.workerHeapMb} MB; the worker was replaced`);
      }
      throw new TaskFailure('worker-crashed', `the worker died (${describeCrash(error)}); it was replaced`);
    } finally {
      clearTimeout(timer);
      this.onStart.delete(id);
    }
  }

  /**
   * Stops the workers. Waits (up to 10 s) until none is still starting: terminating a worker in the
   * middle of loading its modules can abort the whole process on Node 20 (a V8 module-linking CHECK).
   */
  async close(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.pool.idleThreads < this.pool.threads.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await this.pool.destroy();
  }
}

/**
 * A task's time limit: the base limit plus `perMbMs` for every MiB of its files. A fixed limit that suits
 * a 40 KB text would abandon a 1 GB mailbox that is making steady progress (and lose all its findings),
 * while a limit that suits the mailbox would let an endless parser of a small file run for an hour.
 */
export function taskTimeLimitMs(task: WorkTask, baseMs: number, perMbMs: number): number {
  let bytes = 0;
  for (const item of task.items) bytes += item.size;
  return baseMs + Math.round((bytes / 1_048_576) * perMbMs);
}

/** A short, content-free description of why a worker died (messages from the task itself are not echoed). */
function describeCrash(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
  const message = error instanceof Error ? error.message : '';
  const exit = /exited with code (-?\d+)/i.exec(message);
  if (exit) return `exit code ${exit[1]}`;
  if (/memory/i.test(message)) return 'out of memory';
  return 'unexpected error';
}
