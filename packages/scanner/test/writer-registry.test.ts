import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WRITERS } from '../src/writers/index.js';

const DIR = join(import.meta.dirname, '..', 'src', 'writers');
/** Files in writers/ that are infrastructure, not writers. */
const NOT_WRITERS = new Set(['index.ts', 'writer.ts', 'stream.ts', 'policy.ts', 'rules.ts', 'text-rows.ts']);

describe('writer registry', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_WRITERS.has(f));

  it('registers every writer module, under its file name = meta.id, sorted', () => {
    expect(Object.keys(WRITERS).sort()).toEqual(files.map((f) => f.slice(0, -3)).sort());
    expect(Object.keys(WRITERS)).toEqual([...Object.keys(WRITERS)].sort());
    for (const [key, writer] of Object.entries(WRITERS)) {
      expect(writer.meta.id).toBe(key);
      expect(writer.meta.extension).toMatch(/^\.[a-z0-9.]+$/);
      expect(writer.meta.description.length).toBeGreaterThan(10);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(WRITERS)).toBe(true);
  });
});
