import { describe, expect, it } from 'vitest';
import { hasRtfHeader, parseRtf, rtf } from '../src/formats/rtf.js';
import { collect, collectOrReason, findingKeys, findingsOf, fixtureInput, inputOf, loadTruth, metadataOf, textOf } from './legacy-helpers.js';

const truth = loadTruth();
const rtfFiles = Object.entries(truth).filter(([, t]) => t.format === 'rtf' && t.findings);

const paragraphs = (source: string) =>
  [...parseRtf(source)].flatMap((e) => (e.kind === 'paragraph' ? [`${e.part}#${e.index}:${e.text}`] : []));

describe('rtf fixtures (truth.json)', () => {
  it('covers the RTF fixtures', () => expect(rtfFiles.length).toBeGreaterThanOrEqual(2));
  for (const [rel, expected] of rtfFiles) {
    it(`${rel}: findings, places and metadata`, async () => {
      const input = fixtureInput(rel);
      expect(await rtf.sniff(input)).toBe(true);
      const events = await collect(rtf, input);
      expect(findingKeys(findingsOf(events))).toEqual(findingKeys(expected.findings!));
      expect(metadataOf(events)).toEqual(expected.metadata);
      expect(events.filter((e) => e.kind === 'problem')).toEqual([]);
    });
  }

  it('skips ignorable destinations, pictures and tables of fonts and colours', async () => {
    const text = textOf(await collect(rtf, fixtureInput('rtf/handwritten.rtf')));
    expect(text).not.toMatch(/Arial|Fake|89504e47|red0/);
    expect(text).toContain('Brev till Örjan Åkesson');
    expect(text).toContain('för 19840416-2391 \u2013 med \u201ccitat\u201d');
  });

  it('reads a truncated file up to its end and warns', async () => {
    const full = findingsOf(await collect(rtf, fixtureInput('rtf/letter.rtf')));
    const { events, reason } = await collectOrReason(rtf, fixtureInput('rtf/truncated.rtf'));
    expect(reason).toBeUndefined();
    expect(events.filter((e) => e.kind === 'problem')).toEqual([
      expect.objectContaining({ level: 'warning', reason: 'corrupt' }),
    ]);
    const partial = findingKeys(findingsOf(events));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(full.length);
    for (const k of partial) expect(findingKeys(full)).toContain(k);
  });
});

describe('rtf tokenizer', () => {
  it('maps windows-1252 0x80-0x9F bytes itself (en dash, euro, quotes)', () => {
    expect(paragraphs("{\\rtf1\\ansi\\ansicpg1252 a\\'96b \\'80 \\'93x\\'94 \\'e5\\'e4\\'f6\\par}")).toEqual(['body#1:a\u2013b \u20ac \u201cx\u201d åäö']);
  });
  it('decodes \\uN, skips the \\uc fallback and handles negative code units', () => {
    expect(paragraphs("{\\rtf1 \\u196\\'c4r {\\uc2 \\u228\\'c3\\'a4} \\u-3913?\\par}")).toEqual(['body#1:Är ä \uf0b7']);
    expect(paragraphs('{\\rtf1\\uc0 \\u8211 x\\par}')).toEqual(['body#1:\u2013x']);
  });
  it('keeps the text of a number split over formatted groups together', () => {
    expect(paragraphs('{\\rtf1 {\\b 199211}{\\i 29-}2397\\par}')).toEqual(['body#1:19921129-2397']);
  });
  it('counts a table row as one paragraph with tab-separated cells', () => {
    expect(paragraphs('{\\rtf1 \\trowd\\cellx100\\cellx200 Anna\\cell 821218-2383\\cell\\row Slut\\par}')).toEqual([
      'body#1:Anna\t821218-2383',
      'body#2:Slut',
    ]);
  });
  it('reports header, footer, footnote, endnote, annotation and text box as parts', () => {
    const src =
      '{\\rtf1{\\header A\\par}{\\footer B\\par}Text{\\super\\chftn}{\\*\\footnote\\chftn C}{\\*\\footnote\\ftnalt D}' +
      '{\\*\\atnauthor X}{\\*\\annotation E}{\\shp{\\*\\shpinst{\\sp{\\sn t}{\\sv 1}}{\\shptxt F\\par}}}\\par}';
    expect(paragraphs(src)).toEqual(['header#1:A', 'footer#1:B', 'footnote#1:C', 'endnote#1:D', 'annotation#1:E', 'textbox#1:F', 'body#1:Text']);
  });
  it('reads \\info author and operator only, and skips \\bin data', () => {
    const events = [...parseRtf('{\\rtf1{\\info{\\title T}{\\author A B}{\\operator C}{\\company D}}x{\\*\\blob \\bin3 }}}}y\\par}')];
    expect(events).toEqual([
      { kind: 'metadata', field: 'author', value: 'A B' },
      { kind: 'metadata', field: 'lastModifiedBy', value: 'C' },
      { kind: 'paragraph', part: 'body', index: 1, text: 'xy' },
    ]);
  });
  it('sniffs {\\rtf at the start only', async () => {
    expect(hasRtfHeader(Buffer.from('{\\rtf1\\ansi'))).toBe(true);
    expect(hasRtfHeader(Buffer.from('\ufeff {\\rtf1'))).toBe(true);
    expect(hasRtfHeader(Buffer.from('x{\\rtf1'))).toBe(false);
    expect(await rtf.sniff(fixtureInput('pdf/report.pdf'))).toBe(false);
    expect((await collectOrReason(rtf, inputOf('x.rtf', Buffer.from('not rtf')))).reason).toBe('corrupt');
  });
});
