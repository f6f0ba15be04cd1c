import { ExtractionError } from './errors.js';

/**
 * The per-file deadline of one extraction. Checking it is a clock read; the `AbortSignal` that streams
 * need is only created when something asks for it: `AbortSignal.timeout` + `AbortSignal.any` per file
 * cost more than extracting a small in-memory text file, and most of those never open a stream.
 */
export class Deadline {
  readonly #timeoutMs: number;
  readonly #end: number;
  readonly #caller: AbortSignal | undefined;
  #signal: AbortSignal | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.#timeoutMs = timeoutMs;
    this.#end = performance.now() + timeoutMs;
    this.#caller = caller;
  }

  /** True once the time is up or the caller aborted. */
  get expired(): boolean {
    return performance.now() >= this.#end || this.#caller?.aborted === true || this.#signal?.aborted === true;
  }

  /** True once the time is up (not merely aborted by the caller). */
  get passed(): boolean {
    return performance.now() >= this.#end || (this.#signal?.aborted === true && this.#caller?.aborted !== true);
  }

  /** The `timeout` error once expired: naming the time limit, or saying the caller stopped it. */
  timeoutError(cause?: unknown): ExtractionError {
    const message = this.passed ? `extraction took longer than the time limit of ${this.#timeoutMs} ms` : 'extraction was stopped by the caller';
    return new ExtractionError('timeout', message, cause === undefined ? undefined : { cause });
  }

  /** A signal that aborts at the deadline (or with the caller's signal), created on first use. */
  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      const remaining = this.#end - performance.now();
      const timer = remaining > 0 ? AbortSignal.timeout(Math.ceil(remaining)) : AbortSignal.abort(new DOMException('deadline passed', 'TimeoutError'));
      this.#signal = this.#caller ? AbortSignal.any([timer, this.#caller]) : timer;
    }
    return this.#signal;
  }
}
