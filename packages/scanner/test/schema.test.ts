import { describe, expect, it } from 'vitest';
import { reportSchemaErrors } from './validate-report.js';

const validFile = {
  root: 'share',
  path: 'a/b.txt',
  size: 10,
  modified: '2026-01-01T00:00:00.000Z',
  format: 'text',
  status: 'ok',
  error: null,
  findings: [
    {
      type: 'PERSONNUMMER',
      confidence: 'high',
      score: 0.9,
      masked: '19850101-****',
      fingerprint: 'a'.repeat(64),
      testNumber: false,
      location: { line: 1, column: 1, member: null },
    },
  ],
};

function report(files: unknown[], options: Record<string, unknown> = {}) {
  return {
    schemaVersion: '1.0.0',
    tool: { name: 'gallra', version: '0.1.0' },
    scan: { roots: ['share'], startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', options },
    summary: { files: files.length, filesWithFindings: 1, errors: 0, findingsByType: { PERSONNUMMER: 1 } },
    files,
  };
}

describe('docs/report.schema.json', () => {
  it('accepts a well-formed report', () => {
    expect(reportSchemaErrors(report([validFile]))).toEqual([]);
  });

  it('rejects a full number in `masked`, a bad fingerprint and a non-12-digit value', () => {
    const finding = validFile.findings[0]!;
    const bad = { ...validFile, findings: [{ ...finding, masked: '198501011234', fingerprint: 'xyz', value: '8501011234' }] };
    const errors = reportSchemaErrors(report([bad]));
    expect(errors.some((e) => e.includes('/masked'))).toBe(true);
    expect(errors.some((e) => e.includes('/fingerprint'))).toBe(true);
    expect(errors.some((e) => e.includes('/value'))).toBe(true);
  });

  it('requires an error object when status is not ok, and no findings then', () => {
    expect(reportSchemaErrors(report([{ ...validFile, status: 'error' }]))).not.toEqual([]);
    const skipped = { ...validFile, status: 'skipped', error: { reason: 'binary', message: 'binary content' }, findings: [] };
    expect(reportSchemaErrors(report([skipped]))).toEqual([]);
  });

  it('never allows the fingerprint key in the options', () => {
    expect(reportSchemaErrors(report([validFile], { fingerprintKey: 'secret' }), { strict: false })).not.toEqual([]);
  });

  it('strict mode rejects undocumented properties, the published schema ignores them', () => {
    const extra = report([{ ...validFile, somethingNew: 1 }]);
    expect(reportSchemaErrors(extra)).not.toEqual([]);
    expect(reportSchemaErrors(extra, { strict: false })).toEqual([]);
  });
});
