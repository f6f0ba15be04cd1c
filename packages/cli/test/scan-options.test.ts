import { describe, expect, it } from 'vitest';
import { exitCode, parseReferenceDate, toScanOptions, type ScanFlags } from '../src/commands/scan.js';
import { UsageError } from '../src/usage-error.js';

const flags: ScanFlags = {
  format: 'text',
  reveal: false,
  failOn: 'medium',
  failOnTestNumbers: false,
  exclude: ['*.log'],
  defaultExcludes: true,
  concurrency: 4,
};

describe('toScanOptions', () => {
  it('translates flags one to one and carries the key only as a scanner option', () => {
    expect(toScanOptions(flags, { key: 'k' })).toEqual({
      reveal: false,
      fingerprintKey: 'k',
      failOn: 'medium',
      failOnTestNumbers: false,
      exclude: ['*.log'],
      defaultExcludes: true,
      concurrency: 4,
    });
  });
  it('skips the output file and parses the reference date', () => {
    const options = toScanOptions({ ...flags, output: 'out/r.json', referenceDate: '2026-02-28' }, { key: 'k' });
    expect(options.skipFiles).toEqual([`${process.cwd()}/out/r.json`]);
    expect(options.now).toBe('2026-02-28T12:00:00.000Z');
  });
});

describe('parseReferenceDate', () => {
  it('rejects impossible and malformed dates with a usage error', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', 'today', '2026-1-1']) {
      expect(() => parseReferenceDate(bad), bad).toThrow(UsageError);
    }
    expect(parseReferenceDate('2024-02-29')).toBe('2024-02-29T12:00:00.000Z');
  });
});

describe('exitCode', () => {
  const summary = { files: 1, filesWithFindings: 1, errors: 0, findingsByType: {} };
  it('is 1 only when a finding reached the threshold', () => {
    expect(exitCode({ summary: { ...summary, failingFindings: 2 } })).toBe(1);
    expect(exitCode({ summary: { ...summary, failingFindings: 0 } })).toBe(0);
    expect(exitCode({ summary })).toBe(0);
  });
});
