import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DedupTable } from '../../src/engine/dedup-table.js';

const sha = (s: string) => createHash('sha256').update(s).digest();

describe('DedupTable', () => {
  it('makes the first claimant of a hash its owner and every later one a duplicate', () => {
    const table = new DedupTable(DedupTable.create(10));
    expect(table.claim(sha('a'))).toBe('owner');
    expect(table.claim(sha('a'))).toBe('duplicate');
    expect(table.claim(sha('b'))).toBe('owner');
    expect(table.claim(sha('a'))).toBe('duplicate');
  });

  it('is shared through its buffer (as between worker threads)', () => {
    const buffer = DedupTable.create(10);
    expect(new DedupTable(buffer).claim(sha('x'))).toBe('owner');
    expect(new DedupTable(buffer).claim(sha('x'))).toBe('duplicate');
  });

  it('says full instead of probing forever once 70 % of the slots are taken', () => {
    const table = new DedupTable(DedupTable.create(3)); // 8 slots, 5 usable
    const answers = Array.from({ length: 8 }, (_, i) => table.claim(sha(`file ${i}`)));
    expect(answers.slice(0, 5)).toEqual(['owner', 'owner', 'owner', 'owner', 'owner']);
    expect(answers.slice(5).every((a) => a === 'full')).toBe(true);
  });

  it('rejects a buffer whose slot count is not a power of two', () => {
    expect(() => new DedupTable(new SharedArrayBuffer(8 + 8 * 6))).toThrow(RangeError);
  });
});
