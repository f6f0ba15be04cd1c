import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import { registeredFormats } from '../src/index.js';
import { FIXTURES } from './fixture-harness.js';
import { extractBytes } from './helpers.js';

const fixture = (rel: string) => readFileSync(join(FIXTURES, rel));

describe('dispatcher', () => {
  it('reads a PDF named .docx as PDF, with a mislabelled warning', async () => {
    const pdf = readFileSync(join(FIXTURES, 'legacy', 'pdf', 'report.pdf'));
    const result = await extractBytes('rapport.docx', pdf);
    expect(result.format).toBe('pdf');
    expect(result.problems).toEqual([expect.objectContaining({ level: 'warning', reason: 'mislabelled', member: [] })]);
    expect(result.segments.some((s) => s.place.kind === 'page')).toBe(true);
  });

  it('does not call a file mislabelled for an extension no format claims', async () => {
    const result = await extractBytes('kopia.bak', fixture('docx/basic.docx'));
    expect(result.format).toBe('docx');
    expect(result.problems).toEqual([]);
  });

  it('keeps the member chain through a docx inside a zip inside a zip', async () => {
    const inner = zip([{ name: 'avtal.docx', data: fixture('docx/embedded.docx') }]);
    const outer = zip([{ name: '2019/arkiv.zip', data: inner }]);
    const result = await extractBytes('export.zip', outer);
    const chains = new Set(result.segments.map((s) => s.member.join(' > ')));
    expect(chains).toContain('2019/arkiv.zip > avtal.docx');
    expect(chains).toContain('2019/arkiv.zip > avtal.docx > word/embeddings/Microsoft_Excel_Worksheet.xlsx');
  });

  it('reports a corrupt member and still reads the others', async () => {
    const archive = zip([
      { name: 'trasig.docx', data: fixture('hostile/truncated.docx') },
      { name: 'ok.txt', data: 'Kontakt 19850101-2382\n' },
      { name: 'krypterad.docx', data: fixture('hostile/encrypted.docx') },
    ]);
    const result = await extractBytes('blandat.zip', archive);
    expect(result.error).toBeNull();
    expect(result.problems.map((p) => [p.reason, p.member.join('/')])).toEqual([
      ['corrupt', 'trasig.docx'],
      ['encrypted', 'krypterad.docx'],
    ]);
    expect(result.segments.map((s) => s.member.join('/'))).toEqual(['ok.txt']);
  });

  it('reports metadata as segments with a metadata place', async () => {
    const result = await extractBytes('a.docx', fixture('docx/basic.docx'));
    const meta = result.segments.filter((s) => s.place.kind === 'metadata').map((s) => [s.place.kind === 'metadata' ? s.place.field : '', s.text]);
    expect(meta).toContainEqual(['author', 'Åsa Testsson']);
    expect(meta).toContainEqual(['lastModifiedBy', 'Bo Granskare']);
    expect(meta).toContainEqual(['revisionAuthor', 'Bo Granskare']);
    expect(meta).toContainEqual(['commentAuthor', 'Cecilia Kommentar']);
  });

  it('registers every format once, generic formats last', () => {
    const ids = registeredFormats().map((f) => f.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-2)).toEqual(['html', 'text']);
    expect(ids.indexOf('docx')).toBeLessThan(ids.indexOf('zip'));
    expect(ids.indexOf('ooxml-encrypted')).toBeLessThan(ids.indexOf('doc'));
  });
});
