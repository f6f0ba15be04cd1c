import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/index.js';
import { runFile } from './fixture-harness.js';
import { findingKeys, findingsOf, LEGACY_FIXTURES, loadTruth, type TruthFinding } from './legacy-helpers.js';

// The legacy fixtures through the public `extract()`: the registry must pick the right module from
// the content, and errors, findings and metadata must come through the dispatcher unchanged.
const truth = loadTruth();

describe('legacy fixtures through extract()', () => {
  for (const [rel, expected] of Object.entries(truth)) {
    it(`${rel} → ${expected.format}${expected.error ? ` (${expected.error})` : ''}`, async () => {
      const run = await runFile(join(LEGACY_FIXTURES, rel));
      if (expected.error !== undefined) {
        expect(run.error).toBe(expected.error);
        return;
      }
      expect(run.error).toBeNull();
      expect(run.format).toBe(expected.format);
      if (expected.partial) {
        expect(run.problems.map((p) => p.reason)).toContain('corrupt');
        return;
      }
      const want = truth[expected.sameAs ?? rel]!;
      const events = run.segments
        .filter((s) => s.place.kind !== 'metadata')
        .map((s) => ({ kind: 'segment' as const, text: s.text, place: s.place }));
      expect(findingKeys(findingsOf(events))).toEqual(findingKeys(want.findings as TruthFinding[]));
      // The dispatcher adds a `mislabelled` warning for a wrong extension (checked in its own test below).
      const mislabelled = rel.endsWith('.doc') && expected.format !== 'doc' ? [{ level: 'warning', reason: 'mislabelled' }] : [];
      expect(run.problems.map((p) => ({ level: p.level, reason: p.reason }))).toEqual([...mislabelled, ...(expected.problems ?? [])]);
      for (const [field, value] of Object.entries(want.metadata ?? {})) {
        const values = run.segments.filter((s) => s.place.kind === 'metadata' && s.place.field === field).map((s) => s.text);
        expect(values, `metadata ${field}`).toContain(value);
      }
    });
  }

  it('flags a PDF named .doc as mislabelled', async () => {
    const path = join(LEGACY_FIXTURES, 'pdf/report-named.doc');
    const extraction = await extract({ name: path, size: statSync(path).size, open: () => createReadStream(path) });
    expect(extraction.format).toBe('pdf');
    expect(extraction.mislabelled).toEqual({ extension: '.doc' });
    for await (const _ of extraction.events); // drain
  });
});
