import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatLine, Progress } from '../../src/engine/progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, chunks };
}

describe('Progress', () => {
  it('writes NDJSON snapshots for schedulers and a final done object', async () => {
    const { stream, chunks } = sink(false);
    const progress = new Progress({ mode: 'json', stream, intervalMs: 20, estimate: { files: 10, bytes: 1000 } });
    progress.found(4, 400, false);
    progress.fileDone(100, false);
    progress.fileDone(100, true);
    await new Promise((r) => setTimeout(r, 60));
    progress.stop();
    const objects = chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.length).toBeGreaterThanOrEqual(2);
    expect(objects[0]).toMatchObject({ event: 'progress', files: 2, bytes: 200, errors: 1, filesFound: 4, crawlDone: false });
    expect(typeof objects[0]!.etaSeconds).toBe('number'); // from the previous scan's totals
    expect(objects.at(-1)).toMatchObject({ event: 'done', files: 2, etaSeconds: 0 });
  });

  it('is silent in auto mode when stderr is not a terminal, and with none', async () => {
    for (const [mode, tty] of [['auto', false], ['none', true]] as const) {
      const { stream, chunks } = sink(tty);
      const progress = new Progress({ mode, stream, intervalMs: 10 });
      progress.fileDone(1, false);
      await new Promise((r) => setTimeout(r, 40));
      progress.stop();
      expect(chunks).toEqual([]);
    }
  });

  it('rewrites one status line on a terminal', async () => {
    const { stream, chunks } = sink(true);
    const progress = new Progress({ mode: 'auto', stream, intervalMs: 10 });
    progress.found(3, 3000, true);
    progress.fileDone(1000, false);
    await new Promise((r) => setTimeout(r, 40));
    progress.stop();
    expect(chunks[0]).toMatch(/^\r\x1b\[K1\/3 files · 1\.0 kB · /);
    expect(chunks.at(-1)).toMatch(/done in 0:00 · 0 errors\n$/);
  });

  it('formats sizes, durations and the line', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatDuration(42)).toBe('0:42');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(
      formatLine({
        event: 'progress', files: 1204, bytes: 310_200_000, errors: 2, filesFound: 5000, bytesFound: 0, crawlDone: false,
        elapsedSeconds: 7, filesPerSecond: 160, bytesPerSecond: 41_000_000, etaSeconds: 42,
      }),
    ).toBe('1,204 files · 310.2 MB · 41.0 MB/s · 160 files/s · ETA 0:42 · 2 errors');
  });
});
