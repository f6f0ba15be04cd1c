import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/report.js';
import { scan } from '../src/scan.js';
import { createWriter } from '../src/writers/index.js';
import { StringSink } from './collect-stream.js';
import { makeTree, removeTree } from './fs-tree.js';
import { generatePersonnummer, TEST_PERSONNUMMER } from './numbers.js';
import { reportSchemaErrors } from './validate-report.js';

let tree = '';
afterEach(() => {
  if (tree) removeTree(tree);
  tree = '';
});

const real = generatePersonnummer('19850315', '457');
const base = { now: '2026-06-01T00:00:00.000Z', fingerprintKey: 'secret-key-value' };

function makeMixedTree(): string {
  const root = makeTree({
    'a.txt': `Personnummer: ${real.long}\n`,
    'b/clean.md': '# inget här\n',
    'b/c.csv': `namn;pnr\nÅsa;${real.short}\nBo;${real.short}\n`,
    'd.bin': Buffer.from([0, 1, 2, 3, 0, 0, 0]),
    'node_modules/x.txt': real.long,
  });
  symlinkSync(join(root, 'nothing'), join(root, 'e-broken'));
  return root;
}

async function scanToJson(roots: string[], options = {}): Promise<{ report: ScanReport; failed: boolean; raw: string }> {
  const out = new StringSink();
  const result = await scan(roots, { ...base, ...options }, { writer: createWriter('json', { out }), reportOptions: { format: 'json' } });
  return { report: JSON.parse(out.text) as ScanReport, failed: result.failed, raw: out.text };
}

describe('scan', () => {
  it('writes a schema-valid JSON report of every file in walk order, with a summary', async () => {
    tree = makeMixedTree();
    const { report, failed, raw } = await scanToJson([tree], { concurrency: 3 });
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.files.map((f) => [f.path, f.status])).toEqual([
      ['a.txt', 'ok'],
      ['b/c.csv', 'ok'],
      ['b/clean.md', 'ok'],
      ['d.bin', 'skipped'],
      ['e-broken', 'error'],
    ]);
    expect(report.summary).toMatchObject({
      files: 5,
      filesWithFindings: 2,
      errors: 1,
      skipped: 1,
      findings: 3,
      findingsByType: { PERSONNUMMER: 3 },
      failingFindings: 3,
    });
    expect(failed).toBe(true);
    expect(report.scan.roots).toEqual([tree]);
    expect(report.scan.options).toMatchObject({ format: 'json', reveal: false, failOn: 'medium', defaultExcludes: true });
    expect(raw).not.toContain('secret-key-value');
    expect(raw).not.toContain(real.normalized);
    expect(raw).not.toContain(real.short);
    expect(raw).not.toContain(real.long);
  });

  it('--reveal adds value; --fail-on none never fails', async () => {
    tree = makeTree({ 'a.txt': `pnr ${real.short}` });
    const { report, failed } = await scanToJson([tree], { reveal: true, failOn: 'none' });
    expect(report.files[0]!.findings[0]!.value).toBe(real.normalized);
    expect(failed).toBe(false);
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('a clean tree does not fail', async () => {
    tree = makeTree({ 'a.txt': 'telefon 070-123 45 67' });
    const { report, failed } = await scanToJson([tree]);
    expect(failed).toBe(false);
    expect(report.summary).toMatchObject({ files: 1, filesWithFindings: 0, errors: 0, findingsByType: {} });
  });

  it('the text writer groups by file, masks values and ends with a summary', async () => {
    tree = makeMixedTree();
    const out = new StringSink();
    const result = await scan([tree], base, { writer: createWriter('text', { out }) });
    expect(result.failed).toBe(true);
    const text = out.text;
    expect(text).toContain(`${tree}/a.txt\n  1:15  PERSONNUMMER`);
    expect(text).toContain('19850315-****');
    expect(text).toContain(`${tree}/d.bin\n  skipped binary`);
    expect(text).toContain(`${tree}/e-broken\n  error broken-symlink`);
    expect(text).not.toContain('clean.md');
    expect(text).toMatch(/5 files scanned: 2 with findings, 1 error, 1 skipped\.\n3 findings \(PERSONNUMMER 3\)/);
    expect(text).not.toContain(real.short);
  });

  it('scans several roots, a file root under its base name', async () => {
    tree = makeTree({ 'x/one.txt': TEST_PERSONNUMMER[0], 'y/two.txt': 'nothing' });
    const { report } = await scanToJson([join(tree, 'x', 'one.txt'), join(tree, 'y')]);
    expect(report.files.map((f) => [f.root, f.path])).toEqual([
      [join(tree, 'x', 'one.txt'), 'one.txt'],
      [join(tree, 'y'), 'two.txt'],
    ]);
  });
});
