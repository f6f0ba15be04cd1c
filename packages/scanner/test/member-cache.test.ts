import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanContent, type ContentReport } from '../src/index.js';

const DOCS = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'documents');
const BASIC = readFileSync(join(DOCS, 'docx', 'basic.docx'));
const OPTIONS = { now: '2026-12-01T00:00:00.000Z' };

function message(index: number, content: Buffer): string {
  const base64 = content.toString('base64').replace(/.{76}/g, '$&\n');
  return [
    `From avsandare@example.se Mon Dec  7 10:0${index}:00 2026`,
    'From: avsandare@example.se',
    `Subject: Avtal ${index}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    `Meddelande ${index}.`,
    '--b',
    'Content-Type: application/octet-stream; name="avtal.docx"',
    'Content-Disposition: attachment; filename="avtal.docx"',
    'Content-Transfer-Encoding: base64',
    '',
    base64,
    '--b--',
    '',
    '',
  ].join('\n');
}

/** The findings of one member, with the member left out of the location. */
function findingsOf(report: ContentReport, member: string | null) {
  return report.findings
    .filter((f) => f.location.member === member && f.location.field !== 'member-name')
    .map((f) => ({ ...f, location: { ...f.location, member: null } }));
}

describe('identical attachments in a scan', () => {
  it('report each copy exactly as the document scanned alone, under its own member name', async () => {
    const alone = await scanContent({ name: 'avtal.docx', size: BASIC.length, bytes: BASIC }, OPTIONS);
    const expected = findingsOf(alone, null).filter((f) => f.location.field !== 'file-name');
    expect(expected.length).toBeGreaterThan(3);
    const mbox = Buffer.from(message(1, BASIC) + message(2, BASIC), 'utf8');
    const first = await scanContent({ name: 'inkorg.mbox', size: mbox.length, bytes: mbox }, OPTIONS);
    expect(first.status).toBe('ok');
    for (const member of ['message 1/avtal.docx', 'message 2/avtal.docx']) {
      expect(findingsOf(first, member)).toEqual(expected);
    }
    // A second mailbox in the same worker replays both attachments: the same report.
    const again = await scanContent({ name: 'inkorg.mbox', size: mbox.length, bytes: mbox }, OPTIONS);
    expect(again).toEqual(first);
  });
});
