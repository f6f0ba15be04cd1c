import { describe, expect, it } from 'vitest';
import { Emitter } from '../../src/engine/emitter.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Emitter', () => {
  it('in crawl order, holds back early reports and releases them in sequence', async () => {
    const seen: string[] = [];
    const emitter = new Emitter<string>(true, (item) => {
      seen.push(item);
    });
    void emitter.push(2, 'c');
    void emitter.push(1, 'b');
    expect(seen).toEqual([]);
    expect(emitter.buffered).toBe(2);
    await emitter.push(0, 'a');
    void emitter.push(3, 'd');
    await emitter.drained();
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(emitter.buffered).toBe(0);
  });

  it('hands a report to a consumer that returns nothing at once, inside push', () => {
    const seen: number[] = [];
    const emitter = new Emitter<number>(true, (item) => {
      seen.push(item);
    });
    for (let i = 0; i < 5; i++) void emitter.push(i, i);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('makes later reports wait for a consumer promise, keeping their order', async () => {
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const emitter = new Emitter<number>(false, (item) => {
      seen.push(item);
      return item === 1 ? gate : undefined;
    });
    void emitter.push(0, 0);
    void emitter.push(1, 1);
    const last = emitter.push(2, 2);
    void emitter.push(3, 3);
    await tick();
    expect(seen).toEqual([0, 1]);
    release();
    await last;
    await emitter.drained();
    expect(seen).toEqual([0, 1, 2, 3]);
    // Once everything is consumed, reports go straight through again.
    void emitter.push(4, 4);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects push and drained with the consumer error (thrown or rejected) and consumes nothing after it', async () => {
    for (const failing of [
      () => {
        throw new Error('disk full');
      },
      () => Promise.reject(new Error('disk full')),
    ]) {
      const seen: number[] = [];
      const emitter = new Emitter<number>(true, (item) => {
        if (item === 1) return failing();
        seen.push(item);
        return undefined;
      });
      void emitter.push(0, 0);
      const failed = emitter.push(1, 1);
      void emitter.push(2, 2);
      await expect(failed).rejects.toThrow('disk full');
      await expect(emitter.push(3, 3)).rejects.toThrow('disk full');
      await expect(emitter.drained()).rejects.toThrow('disk full');
      expect(seen).toEqual([0]);
    }
  });
});
