import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLocation, scanContent } from '../src/index.js';
import { reportSchemaErrors } from './validate-report.js';

const MAIL = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'documents', 'mail');

async function scanFixture(name: string) {
  const bytes = readFileSync(join(MAIL, name));
  return scanContent({ name, size: bytes.length, bytes }, { now: '2026-12-01T00:00:00.000Z' });
}

describe('mail locations in the report', () => {
  it('points at message, field and the line within the decoded field, and prints them for people', async () => {
    const result = await scanFixture('inbox.mbox');
    expect(result.format).toBe('mbox');
    const where = result.findings.map((f) => formatLocation(f.location));
    // Message 2's body has the number on lines 3 and 5 (after un-escaping `>From ` lines); message 3's subject is base64-encoded.
    expect(where).toEqual(['message 1 body 2:19', 'message 2 body 3:1', 'message 2 body 5:1', 'message 3 subject 1:13', 'message 3 body 4:8', 'message 4/lista.txt 2:12']);
    const first = result.findings[0]!.location;
    expect(first).toMatchObject({ message: 1, field: 'body', line: 2, column: 19, member: null });
  });

  it('produces locations that the published report schema accepts', async () => {
    const result = await scanFixture('outlook.msg');
    expect(result.findings.length).toBeGreaterThan(0);
    const report = {
      schemaVersion: '1.0.0',
      tool: { name: 'gallra', version: '0.1.0' },
      scan: { roots: ['mail'], startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', options: {} },
      summary: { files: 1, filesWithFindings: 1, errors: 0, findingsByType: { PERSONNUMMER: result.findings.length } },
      files: [
        {
          root: 'mail',
          path: 'outlook.msg',
          size: 1,
          modified: '2026-01-01T00:00:00.000Z',
          format: result.format,
          status: result.status,
          error: result.error,
          findings: result.findings,
        },
      ],
    };
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(result.findings.map((f) => formatLocation(f.location))).toContain('Ansökan.msg message 1 body 3:10');
  });
});
