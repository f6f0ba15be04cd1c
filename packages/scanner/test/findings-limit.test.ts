import { describe, expect, it } from 'vitest';
import { scanContent } from '../src/scan-content.js';
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
});
