import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idleCpuNow, spareCoreSince, StatAhead } from '../../src/engine/stat-ahead.js';

const dir = mkdtempSync(join(tmpdir(), 'gallra-stat-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('StatAhead', () => {
  it('stats a batch in the helper thread: size and mtime, NaN for a vanished file and for one it could not examine', async () => {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'hello');
    const helper = StatAhead.start()!;
    try {
      // Not taken until the helper has answered, so the helper did this batch.
      const job = helper.submit([file, join(dir, 'gone.txt'), join(dir, 'x'.repeat(300))]);
      helper.flush();
      const values = await job.result;
      expect(values).not.toBeNull();
      const info = statSync(file);
      expect([...values!.subarray(0, 2)]).toEqual([5, info.mtimeMs]);
      expect([Number.isNaN(values![2]), values![3]]).toEqual([true, 0]); // gone
      expect([Number.isNaN(values![4]), values![5]]).toEqual([true, 1]); // ENAMETOOLONG: the caller stats it to report it
      expect(await helper.take(job)).toBe(values);
    } finally {
      helper.stop();
    }
  });

  it('lets the caller claim a batch the helper has not started, and answers every batch once it stopped', async () => {
    const file = join(dir, 'b.txt');
    writeFileSync(file, 'hi');
    const helper = StatAhead.start()!;
    const jobs = Array.from({ length: 50 }, () => helper.submit([file]));
    helper.flush();
    // Whoever claims a batch first does it: a batch the caller claims is never answered by the helper.
    const taken = jobs.map((job) => helper.take(job));
    const answered = await Promise.all(taken.map((t) => t ?? Promise.resolve('caller')));
    for (const answer of answered) {
      if (answer !== 'caller') expect(answer === null || answer[0] === 2).toBe(true);
    }
    expect(answered).toContain('caller');
    helper.stop();
    const late = helper.submit([file]);
    expect(await late.result).toBeNull();
    expect(helper.take(late)).toBeNull();
  });

  it('tells whether a core was idle only once the window is long enough to measure', async () => {
    const since = idleCpuNow();
    expect(spareCoreSince(since)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(typeof spareCoreSince(since)).toBe('boolean');
    // Idle time cannot exceed every CPU being idle for the whole window.
    const later = idleCpuNow();
    expect(later.idleMs - since.idleMs).toBeLessThanOrEqual((later.at - since.at + 20) * cpus().length + 10);
  });
});
