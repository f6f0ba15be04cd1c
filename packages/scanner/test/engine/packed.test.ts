import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEngine, type EngineFileReport, type EngineOptions } from '../../src/engine/engine.js';
import { packedFindingsOf, utf8 } from '../../src/packed-findings.js';

const processor = new URL('./fixtures/test-processor.mjs', import.meta.url);
let work: string;
let root: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gallra-packed-'));
  root = join(work, 'tree');
  for (let i = 0; i < 40; i++) {
    mkdirSync(join(root, `d${i % 3}`), { recursive: true });
    // Some files share content (deduplicated), some have no findings, one fails.
    const body = i % 5 === 0 ? 'nothing here\n' : `row ${i % 7}\nPNR:${1000 + (i % 7)} and PNR:${2000 + i}\nPNR:3000\n`;
    writeFileSync(join(root, `d${i % 3}`, `f${String(i).padStart(2, '0')}.txt`), i === 17 ? 'THROW\n' : body);
  }
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function scan(options: Partial<EngineOptions>): Promise<EngineFileReport[]> {
  const files: EngineFileReport[] = [];
  await runEngine([root], { processor, jobs: 2, progress: { mode: 'none' }, order: 'crawl', batchFiles: 4, ...options }, (report) => {
    files.push(report);
  });
  return files;
}

describe('runEngine with packed findings', () => {
  it('hands out the same reports as with finding objects, with the packed forms attached', async () => {
    const plain = await scan({});
    const packed = await scan({ packFindings: { json: true, textRows: { color: false } } });
    expect(packed).toHaveLength(40);
    expect(packed).toEqual(plain);
    expect(JSON.stringify(packed)).toBe(JSON.stringify(plain));
    const withFindings = packed.filter((f) => f.findings.length > 0);
    expect(withFindings.length).toBeGreaterThan(20);
    for (const file of withFindings) {
      const forms = packedFindingsOf(file)!;
      expect(forms.count).toBe(file.findings.length);
      expect(utf8(forms.textRows!.rows)).toContain('PERSONNUMMER');
      expect(utf8(forms.json!)).toBe(JSON.stringify(file.findings));
    }
    for (const file of plain) expect(packedFindingsOf(file)).toBeUndefined();
  });

  it('sends only what was asked for', async () => {
    const plain = await scan({});
    const rowsOnly = await scan({ packFindings: { textRows: { color: true } } });
    const plainByPath = new Map(plain.map((f) => [f.path, f]));
    for (const file of rowsOnly) {
      const forms = packedFindingsOf(file);
      const expected = plainByPath.get(file.path)!;
      if (expected.findings.length === 0) {
        expect(file).toEqual(expected);
        continue;
      }
      expect(forms?.json).toBeUndefined();
      expect(forms?.count).toBe(expected.findings.length);
      expect(utf8(forms!.textRows!.rows)).toContain('\u001b[31mhigh\u001b[0m');
    }
  });

  it('sends finding objects when comparing with a state database', async () => {
    const files = await scan({ packFindings: { json: true }, statePath: join(work, 'state.db') });
    expect(files.some((f) => f.findings.length > 0)).toBe(true);
    for (const file of files) expect(packedFindingsOf(file)).toBeUndefined();
    expect(files.find((f) => f.findings.length > 0)?.findings[0]).toMatchObject({ since: 'new' });
  });
});
