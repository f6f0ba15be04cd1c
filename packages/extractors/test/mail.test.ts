import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import { extract, ExtractionError, type ExtractLimits, type Segment } from '../src/index.js';
import { MboxSplitter, type MboxMessage } from '../src/mail/mbox-splitter.js';
import { looksLikeMbox, looksLikeMessage } from '../src/mail/message-sniff.js';
import { fieldSegments } from '../src/mail/field-segments.js';

// Official Skatteverket test numbers.
const A = '19850101-2382';
const B = '19900101-2385';

async function run(name: string, bytes: Buffer, limits: Partial<ExtractLimits> = {}) {
  const extraction = await extract({ name, size: bytes.length, open: () => Readable.from([bytes]) }, { limits });
  const segments: Segment[] = [];
  const problems: { level: string; reason: string; member: string }[] = [];
  for await (const event of extraction.events) {
    if (event.kind === 'segment') segments.push(event.segment);
    else problems.push({ level: event.problem.level, reason: event.problem.reason, member: event.problem.member.join(' > ') });
  }
  return { format: extraction.format, segments, problems };
}

function split(mbox: Buffer, chunkSizes: number[], maxMessageBytes = 1 << 20): MboxMessage[] {
  const splitter = new MboxSplitter(maxMessageBytes);
  const out: MboxMessage[] = [];
  let at = 0;
  for (let i = 0; at < mbox.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    out.push(...splitter.push(mbox.subarray(at, at + size)));
    at += size;
  }
  out.push(...splitter.end());
  return out;
}

const header = (subject: string) => `From: a@example.se\nTo: b@example.se\nSubject: ${subject}\nDate: Mon, 7 Dec 2026 10:00:00 +0100\n`;

describe('MboxSplitter', () => {
  const mbox = Buffer.from(
    [
      'From MAILER-DAEMON Mon Dec  7 10:00:00 2026',
      `${header('ett')}`,
      'Första brevet.',
      '>From the start of a line (escaped once)',
      '>>From a line that was ">From " before escaping',
      '>Fromage is not escaped',
      '',
      'From someone@example.se Mon Dec  7 11:00:00 2026',
      `${header('två')}`,
      `Andra brevet ${A}.`,
      '',
      'From x Mon Dec  7 12:00:00 2026',
      `${header('tre')}`,
      'Tredje.',
      '',
    ].join('\n'),
    'utf8',
  );
  const whole = split(mbox, [mbox.length]);

  it('splits on From lines, drops them and un-escapes >From lines by one level', () => {
    expect(whole.map((m) => m.number)).toEqual([1, 2, 3]);
    const first = whole[0]!.bytes!.toString('utf8');
    expect(first.startsWith('From: a@example.se\n')).toBe(true);
    expect(first).toContain('\nFrom the start of a line (escaped once)\n');
    expect(first).toContain('\n>From a line that was ">From " before escaping\n');
    expect(first).toContain('\n>Fromage is not escaped\n');
    expect(first).not.toContain('MAILER-DAEMON');
    expect(whole[1]!.bytes!.toString('utf8')).toContain(`Andra brevet ${A}.`);
    expect(whole[2]!.bytes!.toString('utf8')).not.toContain('From x');
  });

  it('gives the same messages whatever the chunk boundaries (separators and escapes cut anywhere)', () => {
    for (const sizes of [[1], [2], [3], [5], [7, 1, 13], [64], [4096]]) {
      const parts = split(mbox, sizes);
      expect(parts.map((m) => m.bytes?.toString('latin1')), `chunks ${sizes.join(',')}`).toEqual(whole.map((m) => m.bytes?.toString('latin1')));
    }
  });

  it('reports a message over the limit by number and size without keeping it, and goes on', () => {
    const big = `From a\n${header('stor')}\n${'x'.repeat(5000)}\nFrom b\n${header('liten')}\nliten\n`;
    const parts = split(Buffer.from(big, 'latin1'), [100], 1000);
    expect(parts.map((m) => [m.number, m.bytes === null])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(parts[0]!.size).toBeGreaterThan(5000);
  });

  it('does not count blank lines before the first separator as a message', () => {
    expect(split(Buffer.from(`\n\nFrom a\n${header('x')}\nx\n`), [3]).length).toBe(1);
  });
});

describe('mail sniffing', () => {
  it('knows a message header block from prose and from other header-like text', () => {
    expect(looksLikeMessage(Buffer.from(`${header('x')}\nbody`))).toBe(true);
    expect(looksLikeMessage(Buffer.from('Subject: only one field\n\nbody'))).toBe(false);
    expect(looksLikeMessage(Buffer.from('Hej! Detta är vanlig text.\nFrom: inte ett brev\n'))).toBe(false);
    expect(looksLikeMessage(Buffer.from('Name: Åsa\nDate: 2026-12-07\nNote: x\n\n'))).toBe(false); // one marker, no other known field
  });

  it('reads a field name up to spaces and the colon, whatever its first character (checked on the bytes first)', () => {
    expect(looksLikeMessage(Buffer.from('From \t: a@b.se\nTo: c@d.se\n\nbody'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('X-Mailer: x\nFrom: a@b.se\n\nbody'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('~weird!: x\nFrom: a@b.se\nTo: c\n\nbody'))).toBe(true);
    expect(looksLikeMessage(Buffer.from(': no name\nFrom: a@b.se\nTo: c\n\n'))).toBe(false);
    expect(looksLikeMessage(Buffer.from('From a@b.se\nTo: c@d.se\nDate: x\n\n'))).toBe(false); // no colon after the name
    expect(looksLikeMessage(Buffer.from('Fr\u00f6m: x\nFrom: a@b.se\nTo: c\n\n'))).toBe(false); // not ASCII
    expect(looksLikeMessage(Buffer.from(`42\n${header('x')}\nbody`))).toBe(true); // emlx: length line first
  });

  it('knows an mbox only by a From line followed by a header block', () => {
    expect(looksLikeMbox(Buffer.from(`From x Mon Dec  7 10:00:00 2026\n${header('x')}\nbody`))).toBe(true);
    expect(looksLikeMbox(Buffer.from('From here on, we write prose.\nAnd more prose.\n'))).toBe(false);
  });
});

describe('mail field segments', () => {
  it('cuts a long body at line breaks and gives each piece the field line it starts on', () => {
    const line = `${'å'.repeat(99)}\n`;
    const body = line.repeat(6000); // 600,000 characters
    const segments = fieldSegments(7, 'body', body);
    expect(segments.length).toBe(3);
    let expected = 1;
    for (const s of segments) {
      if (s.kind !== 'segment' || s.place.kind !== 'mail') throw new Error('not a mail segment');
      expect(s.place.message).toBe(7);
      expect(s.place.line ?? 1).toBe(expected);
      expect(s.text.endsWith('\n')).toBe(true);
      expected += s.text.split('\n').length - 1;
    }
    expect(segments.map((s) => (s.kind === 'segment' ? s.text : '')).join('')).toBe(body);
  });
});

describe('hostile mail', () => {
  it('refuses a 50,000-deep MIME nesting with limits-exceeded, quickly and without a stack overflow', async () => {
    const depth = 50_000;
    const open = Array.from({ length: depth }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`).join('');
    const close = Array.from({ length: depth }, (_, i) => `\n--b${depth - 1 - i}--`).join('');
    const eml = Buffer.from(`${header('djup')}MIME-Version: 1.0\n${open}Content-Type: text/plain\n\n${A}${close}\n`, 'utf8');
    expect(eml.length).toBeGreaterThan(2_000_000);
    const error = await run('deep.eml', eml).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as ExtractionError).reason).toBe('limits-exceeded');
  });

  it('a huge base64 attachment past the total limit is a member problem; the body is still read', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024, 'Lorem ipsum dolor sit amet 12345. ');
    const eml = Buffer.from(
      `${header('bilaga')}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\nPersonnummer ${A}\n--m\n` +
        `Content-Type: text/plain; name="stor.txt"\nContent-Disposition: attachment; filename="stor.txt"\nContent-Transfer-Encoding: base64\n\n` +
        `${data.toString('base64').replace(/.{76}/g, '$&\n')}\n--m--\n`,
      'latin1',
    );
    const result = await run('bilaga.eml', eml, { maxTotalBytes: 1024 * 1024 });
    expect(result.format).toBe('eml');
    expect(result.segments.some((s) => s.place.kind === 'mail' && s.place.field === 'body' && s.text.includes(A))).toBe(true);
    expect(result.problems).toEqual([{ level: 'error', reason: 'limits-exceeded', member: 'stor.txt' }]);
  });

  it('gives every message of a mailbox the whole member allowance, not the mailbox as a whole', async () => {
    // Five messages with one attachment each, then one with three: maxMembers 2 stops only the third
    // attachment of that message (a warning: what was read counts), and the message after it is read whole.
    const message = (i: number, attachments: number) =>
      `From x Mon Dec  7 10:00:00 2026\n${header(`m${i}`)}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\nBrev ${i}\n` +
      Array.from({ length: attachments }, (_, k) => `--m\nContent-Type: text/plain; name="b${i}-${k}.txt"\nContent-Disposition: attachment; filename="b${i}-${k}.txt"\n\nBilaga ${i} ${B}\n`).join('') +
      '--m--\n\n';
    const mbox = Buffer.from([1, 2, 3, 4, 5].map((i) => message(i, 1)).join('') + message(6, 3) + message(7, 1), 'utf8');
    const result = await run('box', mbox, { maxMembers: 2 });
    expect(result.format).toBe('mbox');
    const members = [...new Set(result.segments.filter((s) => s.member.length > 0).map((s) => s.member.join('/')))];
    expect(members).toEqual(['message 1/b1-0.txt', 'message 2/b2-0.txt', 'message 3/b3-0.txt', 'message 4/b4-0.txt', 'message 5/b5-0.txt', 'message 6/b6-0.txt', 'message 6/b6-1.txt', 'message 7/b7-0.txt']);
    expect(result.problems).toEqual([{ level: 'warning', reason: 'limits-exceeded', member: '' }]);
    // Every message's own text is still read.
    expect(result.segments.filter((s) => s.place.kind === 'mail' && s.place.field === 'body').map((s) => s.place.kind === 'mail' && s.place.message)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('counts the attachments of a mailbox inside a zip against the zip, whose limit goes on', async () => {
    const message = (i: number) =>
      `From x Mon Dec  7 10:00:00 2026\n${header(`m${i}`)}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\nBrev ${i}\n` +
      `--m\nContent-Type: text/plain; name="b${i}.txt"\nContent-Disposition: attachment; filename="b${i}.txt"\n\nBilaga ${i} ${B}\n--m--\n\n`;
    const archive = zip([{ name: 'post.mbox', data: [1, 2, 3, 4].map(message).join('') }]);
    const result = await run('arkiv.zip', archive, { maxMembers: 3 });
    const members = [...new Set(result.segments.filter((s) => s.member.length > 1).map((s) => s.member.join('/')))];
    expect(members).toEqual(['post.mbox/message 1/b1.txt', 'post.mbox/message 2/b2.txt']);
    expect(result.problems.map((p) => `${p.level} ${p.reason}`)).toEqual(['warning limits-exceeded']);
  });

  it('a binary-garbage message in a mailbox costs nothing but itself', async () => {
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    const mbox = Buffer.concat([
      Buffer.from(`From x Mon Dec  7 10:00:00 2026\n${header('ett')}\nEtt ${A}\n\nFrom y Mon Dec  7 10:00:00 2026\n`),
      garbage,
      Buffer.from(`\nFrom z Mon Dec  7 10:00:00 2026\n${header('tre')}\nTre ${B}\n`),
    ]);
    const result = await run('box.mbox', mbox);
    const bodies = result.segments.filter((s) => s.place.kind === 'mail' && s.place.field === 'body');
    expect(bodies.map((s) => (s.place.kind === 'mail' ? s.place.message : 0))).toEqual([1, 3]);
  });
});
