import { afterEach, describe, expect, it } from 'vitest';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import type { ScanReport } from '../src/report.js';
import { scan } from '../src/scan.js';
import { scanContent } from '../src/scan-content.js';
import { createWriter } from '../src/writers/index.js';
import { StringSink } from './collect-stream.js';
import { makeTree, removeTree } from './fs-tree.js';
import { generatePersonnummer } from './numbers.js';

// Generated at test time: a valid number that is not an official test number.
const person = generatePersonnummer('19850315', '457');
const base = { now: '2026-06-01T00:00:00.000Z', fingerprintKey: 'names-test-key' };

let tree = '';
afterEach(() => {
  if (tree) removeTree(tree);
  tree = '';
});

function makeNamedTree(): string {
  return makeTree({
    [`Ärenden ${person.long}/Intyg ${person.normalized}.txt`]: 'Hej!\nInget nummer här.\n',
    'arkiv.zip': zip([{ name: `lista ${person.short}.txt`, data: 'Inget nummer här heller.\n' }]),
    'ren.txt': 'Inget.\n',
  });
}

async function scanJson(options: { reveal?: boolean } = {}): Promise<{ report: ScanReport; raw: string }> {
  const out = new StringSink();
  await scan([tree], { ...base, ...options }, { writer: createWriter('json', { out }) });
  return { report: JSON.parse(out.text) as ScanReport, raw: out.text };
}

async function scanText(options: { reveal?: boolean } = {}): Promise<string> {
  const out = new StringSink();
  await scan([tree], { ...base, ...options }, { writer: createWriter('text', { out }) });
  return out.text;
}

describe('names of files and members', () => {
  it('are scanned: a number in a file name or an archive member name is a finding there', async () => {
    tree = makeNamedTree();
    const { report } = await scanJson();
    const where = report.files.flatMap((f) => f.findings.map((x) => [x.location.field, x.location.member, x.masked]));
    expect(where).toEqual([
      ['member-name', `lista 850315-****.txt`, '19850315-****'],
      ['file-name', null, '19850315-****'],
    ]);
    expect(report.files.find((f) => f.path === 'ren.txt')?.findings).toEqual([]);
  });

  it('are masked in paths, member chains and every output format unless the scan reveals values', async () => {
    tree = makeNamedTree();
    const { report, raw } = await scanJson();
    expect(report.files.map((f) => f.path).sort()).toEqual(['arkiv.zip', `Ärenden 19850315-****/Intyg 19850315****.txt`, 'ren.txt'].sort());
    for (const text of [raw, await scanText()]) {
      expect(text).not.toContain(person.normalized);
      expect(text).not.toContain(person.long);
      expect(text).not.toContain(person.short);
    }
  });

  it('are shown in full with reveal', async () => {
    tree = makeNamedTree();
    const { report } = await scanJson({ reveal: true });
    expect(report.files.map((f) => f.path)).toContain(`Ärenden ${person.long}/Intyg ${person.normalized}.txt`);
    const zipFile = report.files.find((f) => f.path === 'arkiv.zip');
    expect(zipFile?.findings[0]?.location.member).toBe(`lista ${person.short}.txt`);
    expect(zipFile?.findings[0]?.value).toBe(person.normalized);
  });

  it('give a file-name finding even when the content cannot be read', async () => {
    const result = await scanContent({ name: `Intyg ${person.long}.pdf`, size: 9, bytes: Buffer.from('%PDF-1.7 broken') });
    expect(result.status).toBe('error');
    expect(result.findings.map((f) => [f.location.field, f.masked])).toEqual([['file-name', '19850315-****']]);
  });
});
