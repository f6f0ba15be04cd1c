import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CfbFormatError, parseCfb, readSummaryAuthors } from '../src/formats/cfb.js';
import { doc } from '../src/formats/doc.js';
import { cellValueText, xls } from '../src/formats/xls.js';
import { columnName, decodeRk, readBiff8 } from '../src/formats/xls-biff.js';
import { collect, collectOrReason, findingKeys, findingsOf, fixtureInput, inputOf, LEGACY_FIXTURES, loadTruth, metadataOf } from './legacy-helpers.js';

const truth = loadTruth();
const formats = { doc, xls } as const;

describe('doc and xls fixtures (truth.json)', () => {
  const files = Object.entries(truth).filter(([, t]) => t.format === 'doc' || t.format === 'xls');
  it('covers the doc and xls fixtures', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const [rel, expected] of files) {
    it(`${rel}: ${expected.error ?? 'findings and places'}`, async () => {
      const format = formats[expected.format as keyof typeof formats];
      const input = fixtureInput(rel);
      expect(await format.sniff(input)).toBe(true);
      const { events, reason } = await collectOrReason(format, input);
      if (expected.error !== undefined) {
        expect(reason).toBe(expected.error);
        expect(events.filter((e) => e.kind === 'segment')).toEqual([]);
        return;
      }
      expect(reason).toBeUndefined();
      expect(findingKeys(findingsOf(events))).toEqual(findingKeys(expected.findings!));
      if (expected.metadata) expect(metadataOf(events)).toMatchObject(expected.metadata);
      for (const [where, text] of Object.entries(expected.cellText ?? {})) {
        const texts = events.flatMap((e) => (e.kind === 'segment' && e.place.kind === 'cell' && `${e.place.sheet}!${e.place.cell}` === where ? [e.text] : []));
        expect(texts, where).toContain(text);
      }
    });
  }
});

describe('CFB sniffing', () => {
  it('tells .doc from .xls by the stream names, not the file name', async () => {
    const letter = readFileSync(join(LEGACY_FIXTURES, 'doc/letter.doc'));
    const people = readFileSync(join(LEGACY_FIXTURES, 'xls/people.xls'));
    expect(await doc.sniff(inputOf('renamed.xls', letter))).toBe(true);
    expect(await xls.sniff(inputOf('renamed.xls', letter))).toBe(false);
    expect(await xls.sniff(inputOf('renamed.doc', people))).toBe(true);
    expect(await doc.sniff(inputOf('renamed.doc', people))).toBe(false);
    expect(await doc.sniff(fixtureInput('pdf/report-named.doc'))).toBe(false);
  });

  it('leaves encrypted OOXML (EncryptionInfo stream) to the OOXML module', async () => {
    // Rename the WordDocument stream of a real .doc to EncryptionInfo in its directory entry.
    const bytes = new Uint8Array(readFileSync(join(LEGACY_FIXTURES, 'doc/letter.doc')));
    const name = Buffer.from('WordDocument', 'utf16le');
    const at = Buffer.from(bytes).indexOf(name);
    expect(at).toBeGreaterThan(0);
    bytes.set(Buffer.from('EncryptionIn', 'utf16le'), at);
    expect(parseCfb(bytes).has('EncryptionIn')).toBe(true);
    const withInfo = new Uint8Array(readFileSync(join(LEGACY_FIXTURES, 'doc/letter.doc')));
    // Same length so the directory stays valid: "WordDocument" (12) -> "EncryptionIn" + keep; then add an EncryptionInfo entry name.
    const pos = Buffer.from(withInfo).indexOf(Buffer.from('\u0001CompObj', 'utf16le'));
    expect(pos).toBeGreaterThan(0);
    withInfo.set(Buffer.from('EncryptionInfo\0', 'utf16le'), pos);
    withInfo[pos + 0x40] = 30; // name length in bytes including the terminator
    expect(parseCfb(withInfo).has('EncryptionInfo')).toBe(true);
    expect(await doc.sniff(inputOf('x.doc', withInfo))).toBe(false);
  });

  it('reads the summary author fields of a .doc', () => {
    const cfb = parseCfb(readFileSync(join(LEGACY_FIXTURES, 'doc/letter.doc')));
    expect(readSummaryAuthors(cfb)).toContainEqual({ field: 'author', value: 'Handläggare Testsson' });
  });

  it('rejects a damaged container with CfbFormatError, and sniffs it by extension only', async () => {
    const truncated = readFileSync(join(LEGACY_FIXTURES, 'doc/truncated.doc'));
    expect(() => parseCfb(truncated)).toThrow(CfbFormatError);
    expect(await doc.sniff(inputOf('a.doc', truncated))).toBe(true);
    expect(await doc.sniff(inputOf('a.bin', truncated))).toBe(false);
    expect(await xls.sniff(inputOf('a.doc', truncated))).toBe(false);
  });
});

describe('doc', () => {
  it('reports the document author as metadata', async () => {
    const events = await collect(doc, fixtureInput('doc/letter.doc'));
    expect(metadataOf(events)).toMatchObject({ author: 'Handläggare Testsson' });
  });
  it('joins a number split over differently formatted runs', async () => {
    const events = await collect(doc, fixtureInput('doc/letter.doc'));
    expect(events).toContainEqual({ kind: 'segment', text: 'Sökande: 19921129-2397 (ny adress)', place: { kind: 'paragraph', part: 'body', index: 3 } });
  });
});

/** Every cell (and comment) as `Sheet!A1` → text, read by SheetJS: the reference for the BIFF8 reader. */
async function sheetJsCells(bytes: Uint8Array): Promise<Map<string, string>> {
  const XLSX = await import('@e965/xlsx');
  const wb = XLSX.read(bytes, { type: 'buffer', cellText: false, cellHTML: false, cellFormula: false, cellDates: false });
  const out = new Map<string, string>();
  for (const name of wb.SheetNames) {
    const sheet = wb.Sheets[name] as Record<string, { t?: string; v?: unknown; c?: Array<{ t?: string }> }>;
    for (const [address, cell] of Object.entries(sheet)) {
      if (address.startsWith('!') || cell.t === 'e') continue;
      const text = cellValueText(cell.v);
      if (text !== null) out.set(`${name}!${address}`, text);
      for (const c of cell.c ?? []) if (c.t) out.set(`${name}!${address}#comment`, c.t);
    }
  }
  return out;
}

describe('BIFF8 reader', () => {
  it.each(['xls/people.xls', 'xls/wide.xls'])('reads the same cells and comments as SheetJS: %s', async (rel) => {
    const bytes = readFileSync(join(LEGACY_FIXTURES, rel));
    const cfb = parseCfb(bytes);
    const mine = new Map<string, string>();
    for (const c of readBiff8(cfb.read(cfb.find('Workbook')!)).cells()) {
      mine.set(`${c.sheet}!${c.cell}${c.comment ? '#comment' : ''}`, cellValueText(c.value)!);
    }
    const reference = await sheetJsCells(bytes);
    expect(reference.size).toBeGreaterThan(20);
    expect(mine).toEqual(reference);
  });
  it('lists hidden sheets with their visibility', () => {
    const cfb = parseCfb(readFileSync(join(LEGACY_FIXTURES, 'xls/people.xls')));
    expect(readBiff8(cfb.read(cfb.find('Workbook')!)).sheets).toEqual([
      { name: 'Personal', visibility: 0 },
      { name: 'Dolt', visibility: 1 },
    ]);
  });
  it('decodes RK numbers and column names', () => {
    expect(decodeRk((123 << 2) | 0x02)).toBe(123);
    expect(decodeRk((12345 << 2) | 0x03)).toBe(123.45);
    expect(decodeRk(0x3ff00000)).toBe(1); // high 30 bits of the double 1.0
    expect(decodeRk(((-7 << 2) | 0x02) >>> 0)).toBe(-7);
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('xls', () => {
  it('writes numbers as full digit strings and restores a lost leading zero', () => {
    expect(cellValueText(199102232395)).toBe('199102232395');
    expect(cellValueText(9202062395)).toBe('9202062395');
    expect(cellValueText(101012391)).toBe('0101012391');
    expect(cellValueText(12345678)).toBe('12345678');
    expect(cellValueText(3.5)).toBe('3.5');
    expect(cellValueText(true)).toBeNull();
    expect(cellValueText('a')).toBe('a');
  });
  it('reads hidden sheets and cell comments', async () => {
    const events = await collect(xls, fixtureInput('xls/people.xls'));
    const places = events.flatMap((e) => (e.kind === 'segment' ? [e.place] : []));
    expect(places).toContainEqual({ kind: 'cell', sheet: 'Dolt', cell: 'A2', header: 'Arkiv' });
    expect(places).toContainEqual({ kind: 'cell', sheet: 'Personal', cell: 'B6', part: 'comment' });
    expect(events).toContainEqual({
      kind: 'segment',
      text: '199102232395',
      place: { kind: 'cell', sheet: 'Personal', cell: 'B3', header: 'Personnummer' },
    });
    // The header row itself and a sheet without a label row carry no header.
    expect(places).toContainEqual({ kind: 'cell', sheet: 'Personal', cell: 'B1' });
  });
});
