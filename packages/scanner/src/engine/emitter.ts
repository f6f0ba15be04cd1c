/**
 * Hands reports to the consumer one at a time, either as they complete or in crawl order.
 * In crawl order, a report that completes early waits in a bounded buffer until those before it
 * are out; `room()` lets the producer stop dispatching while the buffer is full.
 *
 * A report is consumed at once (synchronously, inside `push`) when nothing before it is still being
 * consumed; only a consumer that returns a promise makes the next ones wait for it. An unchanged
 * rescan pushes every file, and a promise per file cost more than the rest of its per-file work.
 */
export class Emitter<T> {
  /** Settles when everything consumed so far is done: DONE while nothing is pending. */
  private chain: Promise<void> = DONE;
  /** Links of `chain` not yet settled (0: consume the next report at once). */
  private pending = 0;
  private failed = false;
  private readonly buffer = new Map<number, T>();
  private next = 0;
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly ordered: boolean,
    private readonly consume: (item: T) => void | Promise<void>,
    /** Most reports held back waiting for an earlier one. */
    readonly capacity = 10_000,
  ) {}

  /** Reports held back (ordered mode). */
  get buffered(): number {
    return this.buffer.size;
  }

  /** Sequence number of the next report to be released (ordered mode). */
  get head(): number {
    return this.next;
  }

  /** Queues report number `seq`; resolves when it (and everything before it) has been consumed. */
  push(seq: number, item: T): Promise<void> {
    if (!this.ordered) return this.enqueue(item);
    if (seq === this.next && this.buffer.size === 0) {
      // The usual case in crawl order: the next report, nothing held back.
      this.next++;
      return this.enqueue(item);
    }
    this.buffer.set(seq, item);
    while (this.buffer.has(this.next)) {
      const ready = this.buffer.get(this.next)!;
      this.buffer.delete(this.next);
      this.next++;
      void this.enqueue(ready);
    }
    if (this.buffer.size < this.capacity && this.roomWaiters.length > 0) {
      const waiters = this.roomWaiters;
      this.roomWaiters = [];
      for (const wake of waiters) wake();
    }
    return this.chain;
  }

  /** Resolves once the hold-back buffer is below capacity. */
  async room(): Promise<void> {
    while (this.buffer.size >= this.capacity) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves when everything queued so far has been consumed (rejects if the consumer failed). */
  drained(): Promise<void> {
    return this.chain;
  }

  private enqueue(item: T): Promise<void> {
    if (this.failed) return this.chain;
    if (this.pending === 0) {
      let result: void | Promise<void>;
      try {
        result = this.consume(item);
      } catch (error) {
        return this.fail(error);
      }
      if (!isPromise(result)) return DONE;
      this.track(result);
      return this.chain;
    }
    this.track(this.chain.then(() => this.consume(item)));
    return this.chain;
  }

  /** Makes `link` the end of the chain until it settles. */
  private track(link: Promise<void>): void {
    this.pending++;
    this.chain = link.then(
      () => {
        this.pending--;
      },
      (error: unknown) => {
        this.pending--;
        this.failed = true;
        throw error;
      },
    );
  }

  private fail(error: unknown): Promise<void> {
    this.failed = true;
    this.chain = Promise.reject(error);
    // Whoever awaits the chain (the producer, `drained`) sees the error; no one else needs to.
    this.chain.catch(() => {});
    return this.chain;
  }
}

const DONE: Promise<void> = Promise.resolve();

function isPromise(value: unknown): value is Promise<void> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<void>).then === 'function';
}
