import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS_NOW, DEFAULT_SEED, generateCorpus, loadSampleSet } from '../../../fixtures/accuracy/corpus.mjs';
import { createDetector, decodeUtf8ByteString, utf16OffsetOfUtf8Byte, type DetectCallOptions, type Finding } from '../src/index.js';
import { utf8Back, utf8Forward, utf8ForwardFloor, utf8UnitsUpTo, Utf8Walker } from '../src/utf8-form.js';
import { luhnCheckDigit, NOW } from './helpers.js';

/** UTF-8 bytes of `text`, one char per byte (what `Buffer#latin1Slice` gives a caller). */
function byteString(text: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

/** Byte-form findings with their offsets mapped back to UTF-16 offsets of the decoded text. */
function detectAsBytes(detector: ReturnType<typeof createDetector>, text: string, options: DetectCallOptions = {}): Finding[] {
  const bytes = byteString(text);
  return detector.detect(bytes, { ...options, form: 'utf8-bytes' }).map((f) => ({
    ...f,
    start: utf16OffsetOfUtf8Byte(bytes, f.start),
    end: utf16OffsetOfUtf8Byte(bytes, f.end),
  }));
}

/** Texts whose byte-form findings differ from their decoded-form findings (with the first difference). */
function differences(detector: ReturnType<typeof createDetector>, texts: readonly string[], options: DetectCallOptions = {}): string[] {
  const out: string[] = [];
  texts.forEach((text, i) => {
    const expected = detector.detect(text, options);
    const actual = detectAsBytes(detector, text, options);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      const at = expected.findIndex((f, k) => JSON.stringify(f) !== JSON.stringify(actual[k]));
      out.push(`text ${i}: ${expected.length} vs ${actual.length} findings, first difference at finding ${at}`);
    }
  });
  return out;
}

const detector = createDetector({ now: NOW, includeNonPersonal: true, minScore: 0 });
const corpusDetector = createDetector({ now: CORPUS_NOW });

function number10(year: number, month: number, day: number, serial: number): string {
  const nine = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
  return `${nine}${luhnCheckDigit(nine)}`;
}

describe("form: 'utf8-bytes'", () => {
  it('finds the same numbers as the decoded text on the accuracy corpus (offsets mapped back)', () => {
    const corpus = generateCorpus({ seed: DEFAULT_SEED, documents: 300, now: CORPUS_NOW });
    const texts = corpus.map((d) => d.text);
    // The corpus must exercise the byte form: non-ASCII text, separators and keywords.
    expect(texts.filter((t) => /[åäöÅÄÖ]/.test(t)).length).toBeGreaterThan(200);
    expect(texts.some((t) => t.includes('\u2013'))).toBe(true);
    expect(texts.some((t) => t.includes('\u00a0'))).toBe(true);
    const found = texts.reduce((sum, t) => sum + corpusDetector.detect(t).length, 0);
    expect(found).toBeGreaterThan(500);
    expect(differences(corpusDetector, texts)).toEqual([]);
  });

  it('finds the same numbers on the hand-written sample set and the demo fixtures', () => {
    const texts = loadSampleSet().map((d) => d.text);
    const demo = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'demo');
    for (const entry of readdirSync(demo, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(txt|csv|md|log|json|tsv)$/.test(entry.name)) texts.push(readFileSync(join(entry.parentPath, entry.name), 'utf8'));
    }
    expect(texts.length).toBeGreaterThan(15);
    expect(differences(detector, texts)).toEqual([]);
    expect(differences(corpusDetector, texts)).toEqual([]);
  });

  it('matches keywords, labels and column headers with å, ä, ö, é in any case', () => {
    const n = number10(1964, 8, 23, 323);
    const texts = [
      `Född ${n.slice(0, 6)}-XXXX i Örebro`,
      `FÖDD: ${n.slice(0, 6)}-${n.slice(6)}`,
      `född ${n}`,
      `Ärende ${n.slice(0, 6)}-${n.slice(6)}`,
      `ÄRENDENR ${n.slice(0, 6)}-${n.slice(6)}`,
      `Växel: ${n.slice(0, 6)}-${n.slice(6)}`,
      `VÄXEL ${n}`,
      `Löpnummer ${n}`,
      `ÅÅMMDD-XXXX ${n.slice(0, 6)}-${n.slice(6)}`,
      `Anställningsnummer\t${n}`,
      `Företagsnumret ${n}`,
      `Namn;Födelsedatum;Ärende\nÅsa Öberg;${n.slice(0, 6)}-${n.slice(6)};x\n`,
      `Namn      Löpnr        Ort\nÅsa Öberg ${n}   Malmö\n`,
      `Sökande: Åsa Öberg\nUppgifter om sökanden, personnummer och adress, finns i akten. ${n}`,
      // Look-alikes of the case folding: 'ã' (E3) is what a case-insensitive byte regex would confuse with 'Ã' (C3).
      `fãdd ${n}`,
      `f\u3d76dd ${n}`,
      `personnummer\u3965 ${n}`,
      `Personnummer: ${n.slice(0, 6)}\u2013${n.slice(6)}`,
      `Personnummer: ${n.slice(0, 6)}\u00a0${n.slice(6)}`,
      `Personnummer: ${n.slice(0, 6)} \u2013 ${n.slice(6)}`,
      `ä${n} and ${n}ö and é${n.slice(0, 6)}-${n.slice(6)}`,
      `😀${n} 😀 ${n}😀 \u{1d400}${n}`,
      `3300\u2013${n}`,
      `SE${n}01 momsreg`,
      `${n.slice(0, 4)}\u2013${n.slice(4)}`,
      `19${n.slice(0, 2)}\u2013${n.slice(2, 4)}\u2013${n.slice(4, 6)}\u2013${n.slice(6)}`,
      `${'å'.repeat(500)} pnr ${'ö'.repeat(280)} ${n} ${'é'.repeat(990)} ${n}`,
    ];
    expect(differences(detector, texts)).toEqual([]);
    // And the findings really carry the keyword context.
    const [labelled] = detectAsBytes(detector, `FÖDD: ${n.slice(0, 6)}-${n.slice(6)}`);
    expect(labelled!.evidence.map((e) => e.detail)).toContain('född');
  });

  it('measures every window in characters of the decoded text, not in bytes', () => {
    const n = number10(1964, 8, 23, 323);
    const m = number10(1990, 1, 1, 2);
    const k = number10(1985, 12, 11, 111);
    const sep = (x: string): string => `${x.slice(0, 6)}-${x.slice(6)}`;
    const fill = (count: number, ch = 'ö'): string => ch.repeat(count);
    const texts: string[] = [];
    // Label window (40 characters) and proximity window (300) on either side of their edge.
    for (const gap of [30, 38, 39, 40, 41, 45, 70, 72, 73, 290, 299, 300, 301, 310]) {
      texts.push(`personnummer ${fill(gap)} ${n}`, `Tel ${fill(gap)} ${n}`, `${n} ${fill(gap)} personnummer`, `pnr${fill(gap, '😀')}${n}`);
    }
    // List window (1000 characters): registers whose neighbours are within 1000 characters but not 1000 bytes.
    for (const gap of [150, 240, 250, 300, 320, 330, 333, 340, 480, 500, 520]) {
      texts.push([n, m, k, n, m, k, n].map((x) => `${x} ${fill(gap)}`).join('\n'));
      texts.push([sep(n), '640823-3235', '640823-3236', '640823-3237', '640823-3238', '640823-3239', sep(m)].map((x) => `${x} ${fill(gap)}`).join('\n'));
    }
    // Column headers found past byte 8192 but before character 8192, and tables whose rows are far apart.
    for (const lead of [3000, 4090, 4100, 8000, 8190]) {
      texts.push(`${fill(lead)}\nNamn;Personnummer;Ort\nÅsa;${n};Malmö\nÖrjan;${m};Umeå\n`);
      texts.push(`${fill(lead, '😀')}\nNamn;Personnummer;Ort\nÅsa;${n};Malmö\n`);
      texts.push(`Namn;Telefon;Ort\n${fill(lead)};${n};x\n${fill(lead)};${m};y\n`);
      texts.push(`Namn      Personnummer   Ort\nÅsa Öberg ${n}     Malmö\n${fill(lead)}\nÖrjan     ${m}     Umeå\n`);
    }
    expect(differences(detector, texts)).toEqual([]);
  });

  it('reads the context option as a normal string', () => {
    const n = number10(1964, 8, 23, 323);
    expect(differences(detector, [n, `x ${n}`], { context: 'Födelsedatum' })).toEqual([]);
    expect(differences(detector, [n], { context: 'Växel' })).toEqual([]);
  });

  it('gives identical findings on random mixes of multi-byte characters, separators, keywords and numbers', () => {
    const numbers = [number10(1964, 8, 23, 323), number10(1990, 1, 1, 2), number10(1985, 12, 71, 111), '5561234567'];
    const piece = fc.oneof(
      fc.constantFrom(...numbers),
      fc.constantFrom(...numbers).map((x) => `${x.slice(0, 6)}-${x.slice(6)}`),
      fc.constantFrom(...numbers).map((x) => `19${x.slice(0, 6)}\u2013${x.slice(6)}`),
      fc.constantFrom('Född', 'FÖDD', 'födelsedatum', 'Ärende', 'växel', 'Löpnr', 'personnummer', 'Pnr', 'Tel', 'orgnr', 'ÅÅMMDD-XXXX'),
      fc.constantFrom(' ', '  ', '\n', '\t', ';', ',', ': ', '\u00a0', '\u2013', '-', '+', 'XXXX', 'T'),
      fc.constantFrom('å', 'Ö', 'é', 'ü', 'ã', 'Ã', '€', '\u3965', '😀', '\u{1d400}', 'a', 'Z', '0', '3300'),
      fc.constantFrom(30, 40, 290, 300, 500, 990, 1010).map((count) => 'ö'.repeat(count)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(differences(detector, [text])).toEqual([]);
      }),
      { numRuns: 400, seed: 20261207 },
    );
  });
});

describe('UTF-8 byte-string helpers', () => {
  it('decodeUtf8ByteString decodes like TextDecoder', () => {
    const text = 'Åsa Öberg 😀 – 640823-3234 ü';
    expect(decodeUtf8ByteString(byteString(text))).toBe(text);
    expect(decodeUtf8ByteString('F\xc3\xb6dd')).toBe('Född');
  });

  it('utf16OffsetOfUtf8Byte and the window walks agree with the decoded text', () => {
    const text = `${'Åsa 😀 €'.repeat(40)} 640823-3234`;
    const bytes = byteString(text);
    // Character boundaries: byte offset → UTF-16 offset.
    const boundaries: [number, number][] = [];
    let unit = 0;
    for (let b = 0; ; ) {
      boundaries.push([b, unit]);
      if (b === bytes.length) break;
      const cp = text.codePointAt(unit)!;
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      unit += cp >= 0x10000 ? 2 : 1;
    }
    const unitOf = new Map(boundaries);
    /** Smallest boundary at or after UTF-16 offset `u` (ceil) and largest at or before it (floor). */
    const ceil = (u: number): number => boundaries.find(([, x]) => x >= u)?.[0] ?? bytes.length;
    const floor = (u: number): number => [...boundaries].reverse().find(([, x]) => x <= u)?.[0] ?? 0;
    for (const [b, u] of boundaries) {
      expect(utf16OffsetOfUtf8Byte(bytes, b)).toBe(u);
      for (const span of [1, 2, 3, 40, 300]) {
        expect(utf8Back(bytes, b, span)).toBe(ceil(Math.max(0, u - span)));
        expect(utf8Forward(bytes, b, span, true)).toBe(ceil(Math.min(text.length, u + span)));
        expect(utf8Forward(bytes, b, span, false)).toBe(floor(Math.min(text.length, u + span)));
        expect(utf8ForwardFloor(bytes, utf8Forward(bytes, b, span, true), b, span)).toBe(floor(Math.min(text.length, u + span)));
        const to = ceil(Math.min(text.length, u + span));
        const units = unitOf.get(to)! - u;
        expect(utf8UnitsUpTo(bytes, b, to, span)).toBe(units);
        if (units > 1) expect(utf8UnitsUpTo(bytes, b, to, 0)).toBeGreaterThan(0);
      }
    }
    expect(utf16OffsetOfUtf8Byte('F\xc3\xb6dd 640823-3234', 6)).toBe(5);
  });

  it('Utf8Walker (block-cached walks) gives the same boundaries as the plain walks', () => {
    const rnd = (seed: number): (() => number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const random = rnd(7);
    const pieces = ['a', ' ', 'ö', 'Å', '€', '😀', '\u2013', 'x'.repeat(61), 'ä'.repeat(31)];
    const text = Array.from({ length: 900 }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    const bytes = byteString(text);
    const walker = new Utf8Walker(bytes);
    // Boundaries only (start of a character or the end).
    const starts: number[] = [];
    for (let b = 0; b <= bytes.length; b++) if (b === bytes.length || (bytes.charCodeAt(b) & 0xc0) !== 0x80) starts.push(b);
    for (let i = 0; i < 400; i++) {
      const from = starts[Math.floor(random() * starts.length)]!;
      for (const span of [1, 2, 40, 63, 64, 65, 130, 300, 1000]) {
        expect(walker.back(from, span)).toBe(utf8Back(bytes, from, span));
        const stop = starts[Math.floor(random() * starts.length)]!;
        if (stop <= from) expect(walker.back(from, span, stop)).toBe(utf8Back(bytes, from, span, stop));
        expect(walker.forward(from, span, true)).toBe(utf8Forward(bytes, from, span, true));
        expect(walker.forward(from, span, false)).toBe(utf8Forward(bytes, from, span, false));
      }
    }
  });
});
