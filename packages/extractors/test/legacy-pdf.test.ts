import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { detect } from '@gallra/core';
import { describe, expect, it } from 'vitest';
import { ExtractionError } from '../src/errors.js';
import type { FormatInput } from '../src/format.js';
import { createPdfFormat, hasPdfHeader, pdf } from '../src/formats/pdf.js';
import { itemsToLines, joinLines, type PositionedText } from '../src/formats/pdf-lines.js';
import {
  collect,
  collectOrReason,
  contextOf,
  findingKeys,
  findingsOf,
  fixtureInput,
  inputOf,
  LEGACY_FIXTURES,
  loadTruth,
  makePdf,
  metadataOf,
  NOW,
} from './legacy-helpers.js';

const truth = loadTruth();
const pdfFiles = Object.entries(truth).filter(([, t]) => t.format === 'pdf');

describe('pdf fixtures (truth.json)', () => {
  it('covers the PDF fixtures', () => {
    expect(pdfFiles.length).toBeGreaterThanOrEqual(6);
  });
  for (const [rel, expected] of pdfFiles) {
    it(`${rel}: ${expected.error ?? 'findings and places'}`, async () => {
      const input = fixtureInput(rel);
      expect(await pdf.sniff(input)).toBe(true);
      const { events, reason } = await collectOrReason(pdf, input);
      if (expected.error !== undefined) {
        expect(reason).toBe(expected.error);
        expect(events.filter((e) => e.kind === 'segment')).toEqual([]);
        return;
      }
      expect(reason).toBeUndefined();
      const want = truth[expected.sameAs ?? rel]!;
      expect(findingKeys(findingsOf(events))).toEqual(findingKeys(want.findings!));
      if (want.metadata) expect(metadataOf(events)).toMatchObject(want.metadata);
      const problems = events.flatMap((e) => (e.kind === 'problem' ? [{ level: e.level, reason: e.reason }] : []));
      expect(problems).toEqual(expected.problems ?? []);
    });
  }
});

describe('pdf line wraps', () => {
  it('finds numbers that a plain newline join of the page lines would split', async () => {
    const bytes = readFileSync(join(LEGACY_FIXTURES, 'pdf/report.pdf'));
    const wrapped = truth['pdf/report.pdf']!.wrappedAcrossLines!;
    // The same pdf.js lines joined with plain newlines: what an extractor without joining sees.
    const { getDocumentProxy } = await import('unpdf');
    const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    const page = await doc.getPage(2);
    const items = (await page.getTextContent()).items.filter((i): i is PositionedText & typeof i => 'str' in i);
    const naive = new Set(detect(itemsToLines(items).join('\n'), { now: NOW }).map((f) => f.normalized));
    await doc.destroy();
    const missedByNaive = wrapped.filter((n) => !naive.has(n));
    expect(missedByNaive.length).toBeGreaterThanOrEqual(2);

    const found = new Set(findingsOf(await collect(pdf, inputOf('report.pdf', bytes))).map((f) => f.value));
    for (const n of wrapped) expect(found).toContain(n);
  });

  it('joins a personnummer wrapped after its hyphen or between digit groups in a generated PDF', async () => {
    const bytes = makePdf([
      ['Ansokan avser sokande med personnummer 19900318-', '2392 och hennes barn.', 'Medsokande 19910223', '2395 samt andra.'],
    ]);
    const events = await collect(pdf, inputOf('wrap.pdf', bytes));
    const segments = events.filter((e) => e.kind === 'segment');
    expect(segments).toHaveLength(1);
    expect(segments[0]!.kind === 'segment' && segments[0]!.text).toContain('19900318-2392 och');
    const values = findingsOf(events).map((f) => f.value);
    expect(values).toContain('199003182392'); // wrapped after the hyphen
    expect(values).toContain('199102232395'); // wrapped at the space between date and serial
  });
});

describe('joinLines', () => {
  it('removes the break after a digit group ending in a hyphen', () => {
    expect(joinLines(['nr 850101-', '1234 ok'])).toBe('nr 850101-1234 ok');
    expect(joinLines(['nr 850101\u2013', '1234'])).toBe('nr 850101\u20131234');
  });
  it('turns a break between two digit groups into one space', () => {
    expect(joinLines(['nr 19850101', '1234'])).toBe('nr 19850101 1234');
  });
  it('re-joins a word hyphenated at the line end, but not a capitalised compound', () => {
    expect(joinLines(['person-', 'nummer'])).toBe('personnummer');
    expect(joinLines(['Karl-', 'Johan'])).toBe('Karl-\nJohan');
  });
  it('keeps other breaks as newlines', () => {
    expect(joinLines(['Namn:', 'Anna', 'Sida 2'])).toBe('Namn:\nAnna\nSida 2');
    expect(joinLines([])).toBe('');
  });
  it('splits items into lines at a baseline jump and spaces items placed apart', () => {
    const item = (str: string, x: number, y: number, width: number, hasEOL = false): PositionedText => ({
      str,
      x,
      hasEOL,
      transform: [10, 0, 0, 10, x, y],
      width,
      height: 10,
    } as PositionedText);
    expect(itemsToLines([item('Namn', 0, 700, 25), item('Anna', 100, 700, 25), item('Rad', 0, 686, 20)])).toEqual(['Namn Anna', 'Rad']);
    expect(itemsToLines([item('a', 0, 700, 5, true), item('b', 6, 700, 5)])).toEqual(['a', 'b']);
  });
});

describe('pdf robustness', () => {
  it('sniffs %PDF- anywhere in the first kilobyte only', () => {
    const at = (offset: number) => {
      const head = new Uint8Array(2048).fill(0x20);
      head.set(Buffer.from('%PDF-1.7'), offset);
      return head;
    };
    expect(hasPdfHeader(at(0))).toBe(true);
    expect(hasPdfHeader(at(1000))).toBe(true);
    expect(hasPdfHeader(at(1100))).toBe(false);
    expect(hasPdfHeader(Buffer.from('%PDF'))).toBe(false);
  });

  it('reads a PDF with junk before its header (within the first kilobyte)', async () => {
    const bytes = Buffer.concat([Buffer.alloc(600, 0x41), readFileSync(join(LEGACY_FIXTURES, 'pdf/report.pdf'))]);
    const input = inputOf('junk-prefix.pdf', bytes);
    expect(await pdf.sniff(input)).toBe(true);
    expect(findingKeys(findingsOf(await collect(pdf, input)))).toEqual(findingKeys(truth['pdf/report.pdf']!.findings!));
  });

  it('reads a streamed PDF straight into one buffer, not through bytes() and a copy', async () => {
    const bytes = readFileSync(join(LEGACY_FIXTURES, 'pdf/report.pdf'));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, (i + 1) * 100));
    // bytes() would hold the file twice at peak (chunks, then joined) before the copy for pdf.js.
    // The listed size is too small (the file grew after it was listed): the buffer grows.
    const streamed: FormatInput = {
      ...inputOf('report.pdf', bytes),
      size: 1000,
      open: () => Readable.from(chunks),
      bytes: () => Promise.reject(new Error('bytes() must not be used for a streamed PDF')),
    };
    expect(findingKeys(findingsOf(await collect(pdf, streamed)))).toEqual(findingKeys(truth['pdf/report.pdf']!.findings!));
    const small = { ...contextOf(), limits: { ...contextOf().limits, maxFileBytes: 5000 } };
    await expect(collect(pdf, streamed, small)).rejects.toMatchObject({ reason: 'too-large' });
  });

  it('leaves bytes the caller holds in memory usable (pdf.js detaches the buffer it is given)', async () => {
    const bytes = readFileSync(join(LEGACY_FIXTURES, 'pdf/report.pdf'));
    const held: FormatInput = { ...inputOf('report.pdf', bytes), inMemory: bytes };
    expect(findingKeys(findingsOf(await collect(pdf, held)))).toEqual(findingKeys(truth['pdf/report.pdf']!.findings!));
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('reports garbage after a PDF header as corrupt', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 0x41)]);
    expect((await collectOrReason(pdf, inputOf('junk.pdf', bytes))).reason).toBe('corrupt');
  });

  it('stops at the page limit with a limits-exceeded warning, after reading the pages before it', async () => {
    const pages = Array.from({ length: 12 }, (_, i) => [`Sida ${i + 1}`, i === 1 ? 'Klient 19900318-2392' : 'Ingen uppgift']);
    const events = await collect(createPdfFormat({ maxPages: 5 }), inputOf('many.pdf', makePdf(pages)));
    const read = events.flatMap((e) => (e.kind === 'segment' && e.place.kind === 'page' ? [e.place.page] : []));
    expect(read).toEqual([1, 2, 3, 4, 5]);
    expect(events.at(-1)).toMatchObject({ kind: 'problem', level: 'warning', reason: 'limits-exceeded' });
    expect(findingsOf(events).map((f) => f.place)).toEqual([{ kind: 'page', page: 2 }]);
  });

  it('turns an abort into a timeout error', async () => {
    const controller = new AbortController();
    const pages = Array.from({ length: 20 }, (_, i) => [`Sida ${i + 1}`]);
    const seen: number[] = [];
    const run = async () => {
      for await (const event of pdf.extract(inputOf('many.pdf', makePdf(pages)), contextOf(controller.signal))) {
        if (event.kind === 'segment' && event.place.kind === 'page') {
          seen.push(event.place.page);
          if (event.place.page === 3) controller.abort();
        }
      }
    };
    const error = await run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as ExtractionError).reason).toBe('timeout');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('does not sniff other formats', async () => {
    expect(await pdf.sniff(fixtureInput('rtf/handwritten.rtf'))).toBe(false);
    expect(await pdf.sniff(inputOf('empty.pdf', new Uint8Array(0)))).toBe(false);
  });
});
