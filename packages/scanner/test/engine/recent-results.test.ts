import { describe, expect, it } from 'vitest';
import { RecentResults } from '../../src/engine/recent-results.js';
import type { ContentResult } from '../../src/engine/protocol.js';
import { attachPackedFindings, packFindingsBatch } from '../../src/packed-findings.js';
import type { ReportFinding } from '../../src/report.js';

const finding: ReportFinding = { type: 'PERSONNUMMER', confidence: 'high', score: 1, masked: '18900104-****', fingerprint: 'f'.repeat(64), testNumber: true, location: { line: 1, column: 1, member: null } };
const plain = (): ContentResult => ({ format: 'text', status: 'ok', error: null, warnings: [], findings: [] });
function packed(count: number): ContentResult {
  const forms = packFindingsBatch([Array.from({ length: count }, () => finding)], { json: true }).packed[0]!;
  return attachPackedFindings(plain(), forms);
}

describe('RecentResults', () => {
  it('keeps the newest results up to the entry limit', () => {
    const recent = new RecentResults(3);
    const results = [plain(), plain(), plain(), plain()];
    results.forEach((result, i) => recent.set(`h${i}`, result));
    expect(recent.get('h0')).toBeUndefined();
    expect(recent.get('h1')).toBe(results[1]);
    expect(recent.get('h3')).toBe(results[3]);
  });

  it('drops the oldest packed results once their bytes pass the limit, but keeps the newest', () => {
    const one = packed(10);
    const size = JSON.stringify(one.findings).length;
    const recent = new RecentResults(100, size * 2);
    recent.set('a', one);
    recent.set('b', packed(10));
    recent.set('free', plain());
    expect(recent.get('a')).toBe(one);
    recent.set('c', packed(10));
    expect(recent.get('a')).toBeUndefined();
    expect(recent.get('b')).toBeDefined();
    expect(recent.get('free')).toBeDefined();
    const huge = packed(100);
    recent.set('huge', huge);
    // Alone over the limit, it still stays: everything older goes, oldest first.
    expect(recent.get('huge')).toBe(huge);
    for (const gone of ['b', 'free', 'c']) expect(recent.get(gone)).toBeUndefined();
    // Setting a hash again replaces its entry and its byte count.
    recent.set('huge', plain());
    recent.set('d', packed(10));
    recent.set('e', packed(10));
    for (const kept of ['huge', 'd', 'e']) expect(recent.get(kept)).toBeDefined();
  });
});
