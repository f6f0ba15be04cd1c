import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { extract, utf16LengthOfUtf8, type Segment } from '../src/index.js';
import { TEXT_CHUNK_CHARS } from '../src/formats/text.js';

/** Segments of in-memory `bytes`, optionally asking for the utf8-bytes form. */
async function segmentsOf(bytes: Buffer, textForms?: readonly 'utf8-bytes'[], inMemory = true): Promise<{ encoding?: string; segments: Segment[] }> {
  const extraction = await extract(
    { name: 'a.txt', size: bytes.length, open: () => Readable.from([bytes]), ...(inMemory ? { bytes } : {}) },
    textForms ? { textForms } : {},
  );
  const segments: Segment[] = [];
  for await (const event of extraction.events) if (event.kind === 'segment') segments.push(event.segment);
  return { ...(extraction.encoding !== undefined ? { encoding: extraction.encoding } : {}), segments };
}

/** A segment as decoded text, whatever its form. */
function decoded(segment: Segment): Segment {
  if (segment.form !== 'utf8-bytes') return segment;
  return { text: Buffer.from(segment.text, 'latin1').toString('utf8'), place: segment.place, member: segment.member };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text of 1-, 2-, 3- and 4-byte characters (the last a surrogate pair) with lines of `maxLine` chars at most. */
function mixedText(seed: number, chars: number, maxLine: number): string {
  const next = random(seed);
  const alphabet = ['a', 'b', ' ', '1', 'å', 'Ö', 'é', '€', '—', '😀', '𝄞', ',', '\r'];
  let out = '';
  let line = 0;
  const lineLength = () => 1 + Math.floor(next() * maxLine);
  let limit = lineLength();
  while (out.length < chars) {
    if (line >= limit) {
      out += next() < 0.2 ? '\r\n' : '\n';
      line = 0;
      limit = lineLength();
    } else {
      out += alphabet[Math.floor(next() * alphabet.length)]!;
      line++;
    }
  }
  return out;
}

describe('utf8-bytes text form', () => {
  it('gives the same segments (text once decoded, places, cuts) as decoded text, for every kind of file', async () => {
    const samples: [string, Buffer][] = [
      ['swedish', Buffer.from('Namn;Personnummer\nÅsa Öberg;19850101-2382\r\nrad tre\rrad fyra\n', 'utf8')],
      ['bom', Buffer.from('\ufeffÅsa 19850101-2382\n', 'utf8')],
      ['emoji', Buffer.from('😀 𝄞 é 19850101-2382 😀\n', 'utf8')],
      ['no final newline', Buffer.from('a\nbå', 'utf8')],
      // Lines fill the first TEXT_CHUNK_CHARS in characters long before they do in bytes.
      ['two-byte heavy', Buffer.from('åäö öäå 19850101-2382 ÅÄÖ\n'.repeat(40_000), 'utf8')],
      // A line longer than a segment, ended by a break before the hard limit.
      ['long line', Buffer.from(`${'å'.repeat(TEXT_CHUNK_CHARS + 17)}\nslut 😀\n${'x'.repeat(100)}`, 'utf8')],
      // Overlong lines (no break in the first 1 M characters): cut at a separator, or anywhere.
      ['overlong line', Buffer.from(`start\n${'åb 😀,'.repeat(300_000)}\nend\n`, 'utf8')],
      ['overlong without separator', Buffer.from(`start\n${'😀'.repeat(700_000)}\nend\n`, 'utf8')],
      // A surrogate pair straddling the TEXT_CHUNK_CHARS-th unit, with and without a break after it.
      ['pair at the chunk edge', Buffer.from(`${'a'.repeat(TEXT_CHUNK_CHARS - 1)}😀b\nc\n`, 'utf8')],
      ['pair ending the text at the chunk edge', Buffer.from(`${'a'.repeat(TEXT_CHUNK_CHARS - 1)}😀`, 'utf8')],
      ['exactly a chunk', Buffer.from(`${'å'.repeat(TEXT_CHUNK_CHARS - 1)}\n`, 'utf8')],
      ['random 1', Buffer.from(mixedText(1, 700_000, 3000), 'utf8')],
      ['random 2', Buffer.from(mixedText(2, 1_300_000, 400_000), 'utf8')],
      ['random 3', Buffer.from(mixedText(3, 600_000, 80), 'utf8')],
    ];
    for (const [label, bytes] of samples) {
      const plain = await segmentsOf(bytes);
      const forms = await segmentsOf(bytes, ['utf8-bytes']);
      expect(forms.encoding, label).toBe(plain.encoding);
      expect(forms.segments.map(decoded), label).toEqual(plain.segments);
      // The form is actually used (the cheap path), at least for the first segment.
      expect(forms.segments[0]!.form, label).toBe('utf8-bytes');
      for (const s of plain.segments) expect(s.form, label).toBeUndefined();
    }
  });

  it('falls back to decoded text where bytes and text would differ: invalid UTF-8, a cut-off sequence, a second BOM, other encodings', async () => {
    const samples: [string, Buffer][] = [
      ['windows-1252', Buffer.from('Göran 19850101-2382 \x96 slut\n', 'latin1')],
      ['invalid after a valid head', Buffer.concat([Buffer.from('å'.repeat(3000), 'utf8'), Buffer.from([0xff, 0x0a])])],
      ['cut-off sequence at the end', Buffer.from('Åsa 19850101-2382\nå', 'utf8').subarray(0, -1)],
      ['two BOMs', Buffer.from('\ufeff\ufeffÅsa 19850101-2382\n', 'utf8')],
      ['utf-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Åsa 19850101-2382\n', 'utf16le')])],
    ];
    for (const [label, bytes] of samples) {
      const plain = await segmentsOf(bytes);
      const forms = await segmentsOf(bytes, ['utf8-bytes']);
      expect(forms, label).toEqual(plain);
      expect(plain.segments.length, label).toBeGreaterThan(0);
    }
  });

  it('is only given to a caller that asked for it, and only for content in memory', async () => {
    const bytes = Buffer.from('Åsa 19850101-2382\n', 'utf8');
    expect((await segmentsOf(bytes)).segments[0]!.form).toBeUndefined();
    expect((await segmentsOf(bytes, [])).segments[0]!.form).toBeUndefined();
    expect((await segmentsOf(bytes, ['utf8-bytes'], false)).segments[0]!.form).toBeUndefined();
    expect((await segmentsOf(bytes, ['utf8-bytes'])).segments[0]).toEqual({
      text: bytes.toString('latin1'),
      form: 'utf8-bytes',
      place: { kind: 'text', line: 1 },
      member: [],
    });
  });
});

describe('utf16LengthOfUtf8', () => {
  it('counts the UTF-16 units the bytes decode to', () => {
    const text = 'aå€😀\nb';
    const bytes = Buffer.from(text, 'utf8').toString('latin1');
    expect(utf16LengthOfUtf8(bytes, 0, bytes.length)).toBe(text.length);
    // From after "aå" (3 bytes) to before "\n": "€😀" is 1 + 2 units.
    expect(utf16LengthOfUtf8(bytes, 3, bytes.indexOf('\n'))).toBe(3);
    expect(utf16LengthOfUtf8(bytes, 2, 2)).toBe(0);
  });
});
