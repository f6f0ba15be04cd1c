import { describe, expect, it } from 'vitest';
import type { FormatEvent } from '../src/format.js';
import { aroundChanges, wordprocessingHandler } from '../src/office/wordml.js';
import { collectXml } from '../src/office/xml-stream.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const del = (t: string) => `<w:del w:author="A"><w:r><w:delText xml:space="preserve">${t}</w:delText></w:r></w:del>`;
const ins = (t: string) => `<w:ins w:author="A">${run(t)}</w:ins>`;

async function paragraphs(body: string): Promise<[string, string | undefined][]> {
  const events = await collectXml<FormatEvent>(`<w:document ${W}><w:body>${body}</w:body></w:document>`, wordprocessingHandler('word/document.xml'));
  return events.flatMap((e) => (e.kind === 'segment' && e.place.kind === 'paragraph' ? [[e.text, e.place.revision] as [string, string | undefined]] : []));
}

describe('tracked changes in WordprocessingML', () => {
  it('reports a replaced number as it reads now and as it read before', async () => {
    expect(await paragraphs(`<w:p>${run('Personnummer 850101-')}${del('2382')}${ins('2390')}</w:p>`)).toEqual([
      ['Personnummer 850101-2390', undefined],
      ['Personnummer 850101-2382', 'original'],
    ]);
  });

  it('keeps only the changes with context in the original view, so unchanged numbers are not repeated', async () => {
    const long = `Kund 19850101-2382 har flyttat. ${'Ordinär text utan nummer. '.repeat(5)}Ny adress: `;
    const result = await paragraphs(`<w:p>${run(long)}${del('Storgatan 1')}${ins('Lillgatan 2')}${run(' i Testby.')}</w:p>`);
    expect(result[1]).toEqual(['utan nummer. Ny adress: Storgatan 1 i Testby.', 'original']);
    expect(result[1]![0]).not.toContain('19850101');
  });

  it('separates a deleted paragraph glued to the next one where digits meet letters', async () => {
    expect(await paragraphs(`<w:p>${del('Borttaget: 19640105-3076')}${run('Ny text.')}</w:p>`)).toEqual([
      ['Ny text.', undefined],
      ['Borttaget: 19640105-3076 Ny text.', 'original'],
    ]);
  });
});

describe('aroundChanges', () => {
  it('widens windows to whole words and merges overlapping ones', () => {
    const text = 'alfa beta gamma delta epsilon zeta eta theta iota kappa lambda my ny xi omikron pi rho sigma tau';
    const at = text.indexOf('kappa');
    expect(aroundChanges(text, [[at, at + 5]])).toBe('epsilon zeta eta theta iota kappa lambda my ny xi omikron');
    expect(aroundChanges(text, [[0, 4], [text.length - 3, text.length]])).toBe('alfa beta gamma delta epsilon … xi omikron pi rho sigma tau');
  });
});
