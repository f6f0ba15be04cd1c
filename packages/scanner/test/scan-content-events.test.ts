import { describe, expect, it, vi } from 'vitest';
import type { ExtractEvent } from '@gallra/extractors';

// The scaffold extractors produce only plain text; to check how the scanner maps other segment kinds
// and problems, extract() is replaced by a scripted event list and detect() by a recorder.
const events: ExtractEvent[] = [];
const detectCalls: { text: string; hints: unknown }[] = [];

vi.mock('@gallra/extractors', async (importOriginal) => {
  const original = await importOriginal<typeof import('@gallra/extractors')>();
  return {
    ...original,
    extract: async () => ({
      format: 'xlsx',
      events: (async function* () {
        yield* events;
      })(),
    }),
  };
});

vi.mock('@gallra/core', async (importOriginal) => {
  const original = await importOriginal<typeof import('@gallra/core')>();
  return {
    ...original,
    createDetector: (options: Parameters<typeof original.createDetector>[0]) => {
      const inner = original.createDetector(options);
      return {
        detect(text: string, hints?: { context?: string }) {
          detectCalls.push({ text, hints });
          return inner.detect(text, hints);
        },
      };
    },
  };
});

const { scanContent } = await import('../src/scan-content.js');
const { generatePersonnummer } = await import('./numbers.js');

describe('scanContent with container and table segments', () => {
  it('maps cells, members and warnings, and passes the column header as context', async () => {
    const real = generatePersonnummer('19850315', '457');
    events.length = 0;
    detectCalls.length = 0;
    events.push(
      { kind: 'segment', segment: { text: 'Personnummer', place: { kind: 'cell', sheet: 'Blad1', cell: 'B1' }, member: ['2019', 'lista.xlsx'] } },
      { kind: 'segment', segment: { text: real.short, place: { kind: 'cell', sheet: 'Blad1', cell: 'B2' }, member: ['2019', 'lista.xlsx'] } },
      { kind: 'segment', segment: { text: real.short, place: { kind: 'cell', sheet: 'Blad1', cell: 'C2' }, member: ['2019', 'lista.xlsx'] } },
      { kind: 'problem', problem: { level: 'warning', reason: 'encrypted', message: `member ${real.long} is encrypted`, member: ['hemlig.zip'] } },
    );
    const report = await scanContent({ name: 'x.zip', size: 1, bytes: new Uint8Array(1) }, { fingerprintKey: 'k' });
    expect(report.status).toBe('ok');
    expect(report.format).toBe('xlsx');
    expect(report.findings.map((f) => f.location)).toEqual([
      { line: 1, column: 1, member: '2019/lista.xlsx', sheet: 'Blad1', cell: 'B2' },
      { line: 1, column: 1, member: '2019/lista.xlsx', sheet: 'Blad1', cell: 'C2' },
    ]);
    // Names are looked at once each (file, then each member of the chain), then the cells in order.
    expect(detectCalls.map((c) => [c.text, c.hints])).toEqual([
      ['x.zip', undefined],
      ['2019', undefined],
      ['lista.xlsx', undefined],
      ['Personnummer', undefined],
      [real.short, { context: 'Personnummer' }],
      [real.short, undefined],
    ]);
    // The header counts as keyword context for the detector: the same number scores higher under it.
    expect(report.findings[0]!.score).toBeGreaterThan(report.findings[1]!.score);
    expect(report.warnings).toEqual([{ reason: 'encrypted', message: 'member 19850315-**** is encrypted', member: 'hemlig.zip' }]);
  });

  it('an error-level problem for the file itself fails the file', async () => {
    events.length = 0;
    events.push({ kind: 'problem', problem: { level: 'error', reason: 'corrupt', message: 'bad central directory', member: [] } });
    const report = await scanContent({ name: 'x.zip', size: 1, bytes: new Uint8Array(1) }, {});
    expect(report).toMatchObject({ status: 'error', error: { reason: 'corrupt', message: 'bad central directory' }, format: 'xlsx' });
  });

  it('an error-level problem in a member is a warning; the rest of the file counts', async () => {
    events.length = 0;
    events.push({ kind: 'problem', problem: { level: 'error', reason: 'corrupt', message: 'bad member', member: ['a.docx'] } });
    const report = await scanContent({ name: 'x.zip', size: 1, bytes: new Uint8Array(1) }, {});
    expect(report).toMatchObject({ status: 'ok', warnings: [{ reason: 'corrupt', member: 'a.docx' }] });
  });
});
