import { describe, expect, it } from 'vitest';
import { registeredFormats } from '../src/index.js';
import { basename, join } from 'node:path';
import { findingKey, findingsOf, FIXTURE_SETS, loadTruth, placeKey, runFile } from './fixture-harness.js';

// Every generated fixture, checked against fixtures/documents/truth.json: format, exact set of
// findings (normalised number + member chain + place), problems and errors. Findings are compared on
// normalised values and locations, not on scores (the detector's scoring evolves separately).
const registered = new Set(registeredFormats().map((f) => f.meta.id));

for (const dir of FIXTURE_SETS) describe(`fixtures/${basename(dir)}`, () => {
  for (const [file, expected] of Object.entries(loadTruth(dir))) {
    const needed = [...(expected.format !== undefined ? [expected.format] : []), ...(expected.requires ?? [])];
    const supported = needed.every((id) => registered.has(id));
    it.skipIf(!supported)(`${file}`, async () => {
      const run = await runFile(join(dir, file));
      if (expected.error !== undefined) {
        expect(run.error).toBe(expected.error);
        if (expected.format !== undefined) expect(run.format).toBe(expected.format);
        return;
      }
      expect(run.error).toBeNull();
      expect(run.format).toBe(expected.format);
      if (expected.encoding !== undefined) expect(run.encoding).toBe(expected.encoding);
      const found = [...new Set(findingsOf(run.segments).map(findingKey))].sort();
      expect(found).toEqual(expected.findings.map(findingKey).sort());
      expect(run.problems.map((p) => `${p.level} ${p.reason} ${p.member.join(' > ')}`).sort()).toEqual(
        expected.problems.map((p) => `${p.level} ${p.reason} ${p.member.join(' > ')}`).sort(),
      );
      for (const [field, value] of Object.entries(expected.metadata ?? {})) {
        const values = run.segments.filter((s) => s.place.kind === 'metadata' && s.place.field === field).map((s) => s.text);
        expect(values, `metadata ${field}`).toContain(value);
      }
      for (const [where, text] of Object.entries(expected.cellText ?? {})) {
        const seg = run.segments.find((s) => s.place.kind === 'cell' && (placeKey(s.place) === where || placeKey(s.place).startsWith(`${where} `)));
        expect(seg?.text, `cell ${where}`).toBe(text);
      }
    });
  }
});
