import { describe, expect, it } from 'vitest';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import { MAX_WARNINGS_PER_FILE, scanContent } from '../src/scan-content.js';
import { generatePersonnummer } from './numbers.js';

// Valid numbers generated at test time (never committed).
const numbers = ['001', '002', '003', '004', '005'].map((birth) => generatePersonnummer('19850315', birth).long);
const text = numbers.map((n, i) => `Rad ${i + 1}: personnummer ${n}`).join('\n');

describe('findings per file', () => {
  it('lists at most maxFindingsPerFile and counts the rest in a findings-limit warning', async () => {
    const input = { name: 'register.txt', size: text.length, bytes: Buffer.from(text) };
    const all = await scanContent(input, { now: '2026-06-01T00:00:00.000Z' });
    expect(all.findings).toHaveLength(5);
    expect(all.warnings).toEqual([]);
    const capped = await scanContent(input, { now: '2026-06-01T00:00:00.000Z', maxFindingsPerFile: 3 });
    expect(capped.status).toBe('ok');
    expect(capped.findings).toEqual(all.findings.slice(0, 3));
    expect(capped.warnings).toEqual([
      { reason: 'findings-limit', message: '2 more findings in this file are not listed: at most 3 are listed per file', member: null },
    ]);
  });

  it('lists at most MAX_WARNINGS_PER_FILE warnings and counts the rest by reason', async () => {
    // A warning per member: binary members (no supported format), then one text member with a number.
    const binary = Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 7, 0, 0]);
    const members = Array.from({ length: MAX_WARNINGS_PER_FILE + 5 }, (_, i) => ({ name: `data${i}.bin`, data: binary }));
    const bytes = zip([...members, { name: 'lista.txt', data: text }]);
    const report = await scanContent({ name: 'arkiv.zip', size: bytes.length, bytes }, { now: '2026-06-01T00:00:00.000Z' });
    expect(report.status).toBe('ok');
    expect(report.findings).toHaveLength(5);
    expect(report.warnings).toHaveLength(MAX_WARNINGS_PER_FILE + 1);
    expect(report.warnings.slice(0, -1).every((w) => w.reason === 'binary')).toBe(true);
    expect(report.warnings.at(-1)).toEqual({
      reason: 'warnings-limit',
      message: `5 more warnings in this file are not listed (binary 5): at most ${MAX_WARNINGS_PER_FILE} are listed per file`,
      member: null,
    });
  });
});
