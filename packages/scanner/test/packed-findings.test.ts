import { describe, expect, it } from 'vitest';
import { attachPackedFindings, packedFindingsOf, packFindingsBatch, utf8 } from '../src/packed-findings.js';
import type { FileReport, ReportFinding } from '../src/report.js';
import { SummaryBuilder, type FailPolicy } from '../src/summary.js';
import { createWriter } from '../src/writers/index.js';
import { StringSink } from './collect-stream.js';

const hex = (n: number) => n.toString(16).padStart(64, '0');
const findings: ReportFinding[] = [
  { type: 'PERSONNUMMER', confidence: 'high', score: 0.97, masked: '19850101-****', fingerprint: hex(1), testNumber: false, location: { line: 3, column: 17, member: null } },
  { type: 'PERSONNUMMER', confidence: 'medium', score: 0.6000000000000001, masked: '19121212-****', fingerprint: hex(2), testNumber: true, location: { line: 12, column: 1, member: 'a.zip/b.xlsx', sheet: 'Blad1', cell: 'C4', header: 'Personnummer' } },
  { type: 'SAMORDNINGSNUMMER', confidence: 'low', score: 0.31, masked: '19850161-****', fingerprint: hex(3), testNumber: false, location: { line: 1, column: 120, member: null, page: 2 } },
  { type: 'PERSONNUMMER', confidence: 'high', score: 1, masked: '18900104-****', fingerprint: hex(4), testNumber: false, value: '189001049817', location: { line: 1, column: 1, member: 'mail.eml', message: 1, field: 'subject' } },
  { type: 'ORGANISATIONSNUMMER', confidence: 'high', score: 0.8, masked: '556000-****', fingerprint: hex(5), testNumber: false, suppression: { kind: 'inline', detail: 'gallra:allow' }, location: { line: 4, column: 2, member: null, part: 'body', paragraph: 7 } },
  { type: 'PERSONNUMMER', confidence: 'medium', score: 0.5, masked: '19121212-****', fingerprint: hex(2), testNumber: true, suppression: { kind: 'baseline', detail: 'baseline' }, location: { line: 40, column: 3, member: null } },
];

function report(list: readonly ReportFinding[], extra: Partial<FileReport> = {}): FileReport {
  return { root: 'share', path: `dir/${list.length}.txt`, size: 10, modified: '2026-01-01T00:00:00.000Z', format: 'text', encoding: 'utf-8', status: 'ok', error: null, findings: list, ...extra };
}

/** A copy of `file` whose findings travel packed, as the engine makes it from a worker's answer. */
function packed(file: FileReport, color = false, json = true): FileReport {
  const { findings: list, ...rest } = file;
  const keys = Object.keys(file);
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = key === 'findings' ? [] : (rest as Record<string, unknown>)[key];
  return attachPackedFindings(copy as unknown as FileReport, packFindingsBatch([list], { json, textRows: { color } }).packed[0]!);
}

async function render(format: string, files: readonly FileReport[], color = false): Promise<string> {
  const out = new StringSink();
  const writer = createWriter(format, { out, color });
  await writer.begin({ schemaVersion: '1.0.0', tool: { name: 'gallra', version: '0' }, scan: { roots: ['share'], startedAt: '2026-01-01T00:00:00.000Z', options: { failOn: 'medium' } } });
  const summary = new SummaryBuilder({ failOn: 'medium', failOnTestNumbers: false });
  for (const file of files) {
    summary.add(file);
    await writer.file(file);
  }
  await writer.end({ finishedAt: '2026-01-01T00:00:01.000Z', summary: summary.build(), failed: summary.failed });
  return out.text;
}

describe('packed findings', () => {
  const files = [report(findings), report(findings.slice(0, 1)), report([], { status: 'error', error: { reason: 'unreadable', message: 'nope' } }), report(findings.slice(2, 4), { warnings: [{ reason: 'bad-member', message: 'x', member: 'a.zip/c' }] })];

  it('still give the report its findings array, equal to the original, in the same key order', () => {
    for (const file of files) {
      const copy = packed(file);
      expect(copy.findings).toEqual(file.findings);
      expect(Object.keys(copy)).toEqual(Object.keys(file));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(file));
      expect(packedFindingsOf(copy)?.count).toBe(file.findings.length);
      expect(packedFindingsOf(file)).toBeUndefined();
    }
  });

  it('can be replaced by assigning findings, like a plain report', () => {
    const copy = packed(files[0]!) as { findings: readonly ReportFinding[] };
    const first = copy.findings;
    expect(copy.findings).toBe(first);
    copy.findings = [];
    expect(copy.findings).toEqual([]);
    expect(JSON.parse(JSON.stringify(copy)).findings).toEqual([]);
  });

  it('of several files share one buffer, each file its own bytes', () => {
    const lists = [findings, [], findings.slice(3, 4), findings.slice(0, 2)];
    const { packed: all, buffer } = packFindingsBatch(lists, { json: true, textRows: { color: true } });
    let end = 0;
    lists.forEach((list, i) => {
      const forms = all[i]!;
      expect(forms.count).toBe(list.length);
      expect(utf8(forms.json!)).toBe(JSON.stringify(list));
      expect(forms.json!.buffer).toBe(buffer);
      expect(forms.textRows!.rows.buffer).toBe(buffer);
      expect(forms.json!.byteOffset).toBe(end);
      end = forms.textRows!.rows.byteOffset + forms.textRows!.rows.byteLength;
    });
    expect(end).toBe(buffer.byteLength);
    expect(packFindingsBatch(lists, { json: true }).packed.every((forms) => forms.textRows === undefined)).toBe(true);
    const rowsOnly = packFindingsBatch(lists, { textRows: { color: false } });
    expect(rowsOnly.packed.every((forms) => forms.json === undefined)).toBe(true);
    expect(utf8(rowsOnly.packed[2]!.textRows!.rows)).toContain('mail.eml message 1 subject 1:1');
  });

  it('add up to the same summary under every fail policy', () => {
    for (const failOn of ['low', 'medium', 'high', 'none'] as const) {
      for (const failOnTestNumbers of [false, true]) {
        const policy: FailPolicy = { failOn, failOnTestNumbers };
        const plain = new SummaryBuilder(policy);
        const fast = new SummaryBuilder(policy);
        for (const file of files) {
          plain.add(file);
          fast.add(packed(file));
        }
        expect(fast.build()).toEqual(plain.build());
        expect(JSON.stringify(fast.build())).toBe(JSON.stringify(plain.build()));
        expect(fast.failed).toBe(plain.failed);
      }
    }
    // The fixture reaches the threshold in some policies and not in others.
    const none = new SummaryBuilder({ failOn: 'high', failOnTestNumbers: false });
    none.add(packed(report(findings.slice(1, 3))));
    expect(none.failed).toBe(false);
  });

  it('give byte-identical text, JSON, SARIF and JUnit output', async () => {
    for (const format of ['text', 'json', 'sarif', 'junit', 'github']) {
      for (const color of [false, true]) {
        const expected = await render(format, files, color);
        expect(await render(format, files.map((f) => packed(f, color)), color)).toBe(expected);
        // Rows rendered for the other colour setting are not used.
        expect(await render(format, files.map((f) => packed(f, !color)), color)).toBe(expected);
      }
    }
    expect(await render('text', files)).toContain('C4 12:1');
    // The text writer needs only its rows: packed without the JSON, the output is the same.
    for (const color of [false, true]) {
      expect(await render('text', files.map((f) => packed(f, color, false)), color)).toBe(await render('text', files, color));
    }
  });

  it('without their JSON, say so when findings are read', () => {
    const copy = packed(files[0]!, false, false);
    expect(() => copy.findings).toThrow(/without their JSON/);
    expect(packedFindingsOf(copy)?.textRows?.rows.byteLength).toBeGreaterThan(0);
  });
});
