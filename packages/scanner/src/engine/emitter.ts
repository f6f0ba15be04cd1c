/**
 * Hands reports to the consumer one at a time, either as they complete or in crawl order.
 * In crawl order, a report that completes early waits in a bounded buffer until those before it
 * are out; `room()` lets the producer stop dispatching while the buffer is full.
 */
export class Emitter<T> {
  private chain: Promise<void> = Promise.resolve();
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
    this.chain = this.chain.then(() => this.consume(item));
    return this.chain;
  }
}
