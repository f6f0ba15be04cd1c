import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { FileReport, ReportFinding } from '../src/report.js';
import { createSarifWriter } from '../src/writers/sarif.js';
import type { ReportHeader } from '../src/writers/index.js';

// CJS packages: the constructor/function is the module itself or its `default`.
type AjvLike = { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
const Ajv = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as new (opts: object) => AjvLike;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;

const schema = JSON.parse(readFileSync(new URL('./schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;

/** The official SARIF 2.1.0 schema (draft-04) with format checks (uri, uri-reference, date-time). */
export function sarifValidator(): ((data: unknown) => boolean) & { errors?: unknown } {
  // unicodeRegExp: false — the schema's `language` pattern is not valid with the u flag (a known erratum).
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function collect(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

const header: ReportHeader = {
  schemaVersion: '1.0.0',
  tool: { name: 'gallra', version: '0.1.0' },
  scan: { roots: ['.'], startedAt: '2026-06-01T10:00:00.000Z', options: { failOn: 'medium', failOnTestNumbers: false } },
};

function finding(over: Partial<ReportFinding> = {}): ReportFinding {
  return {
    type: 'PERSONNUMMER',
    confidence: 'high',
    score: 0.95,
    masked: '19850315-****',
    fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    testNumber: false,
    location: { line: 3, column: 7, member: null },
    ...over,
  };
}

function file(path: string, findings: ReportFinding[], over: Partial<FileReport> = {}): FileReport {
  return { root: '.', path, size: 10, modified: '2026-06-01T10:00:00.000Z', format: 'text', status: 'ok', error: null, findings, ...over };
}

async function sarifOf(files: FileReport[]): Promise<{ runs: { results: Record<string, unknown>[]; tool: { driver: { rules: { id: string }[] } } }[] }> {
  const { out, text } = collect();
  const writer = createSarifWriter({ out });
  await writer.begin(header);
  for (const f of files) await writer.file(f);
  await writer.end({ finishedAt: '2026-06-01T10:00:01.000Z', summary: { files: files.length, filesWithFindings: 0, errors: 0, findingsByType: {} }, failed: true });
  return JSON.parse(text());
}

describe('SARIF writer', () => {
  const validate = sarifValidator();

  it('the validator rejects a broken log (it can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('writes a log that is valid against the official SARIF 2.1.0 schema', async () => {
    const log = await sarifOf([
      file('src/seed data.sql', [
        finding(),
        finding({ confidence: 'low', score: 0.45, location: { line: 9, column: 1, member: null } }),
        finding({ testNumber: true, masked: '19640823-****', location: { line: 4, column: 1, member: null } }),
        finding({ suppression: { kind: 'inline', detail: 'gallra:allow' } }),
        finding({ suppression: { kind: 'baseline', detail: 'baseline' } }),
      ]),
      file('docs/lista.xlsx', [finding({ location: { line: 1, column: 1, member: null, sheet: 'Blad1', cell: 'B2' } })], { format: 'xlsx' }),
      file('arkiv.zip', [finding({ type: 'SAMORDNINGSNUMMER', location: { line: 2, column: 1, member: 'inner/a.txt' } })], { format: 'zip' }),
      file('trasig.pdf', [], { status: 'error', error: { reason: 'corrupt', message: 'bad xref' }, format: 'pdf' }),
      file('old.txt', [finding({ type: 'RESERVNUMMER' as ReportFinding['type'] })], { git: { blob: 'ab'.repeat(20), commit: 'cd'.repeat(20) } }),
    ]);
    const ok = validate(log);
    expect(validate.errors ?? null).toBeNull();
    expect(ok).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.map((r) => r.level)).toEqual(['error', 'warning', 'note', 'error', 'error', 'error', 'error', 'error']);
    expect(results[3]!.suppressions).toEqual([{ kind: 'inSource', justification: 'accepted by gallra:allow' }]);
    expect(results[4]!.suppressions).toEqual([{ kind: 'external', justification: 'accepted by baseline' }]);
    // Text lines get a region; cells and archive members do not (their "line" is not a file line).
    const region = (r: Record<string, unknown>) => (r.locations as { physicalLocation: { region?: unknown } }[])[0]!.physicalLocation.region;
    expect(region(results[0]!)).toEqual({ startLine: 3, startColumn: 7 });
    expect(region(results[5]!)).toBeUndefined();
    expect(region(results[6]!)).toBeUndefined();
    // Each rule a result uses exists, including types gallra adds later.
    const rules = log.runs[0]!.tool.driver.rules.map((r) => r.id);
    for (const r of results) expect(rules[r.ruleIndex as number]).toBe(r.ruleId);
    expect(rules).toContain('RESERVNUMMER');
  });

  it('gives stable partial fingerprints without the value, distinct per occurrence', async () => {
    const a = await sarifOf([file('a.txt', [finding(), finding({ location: { line: 8, column: 1, member: null } })])]);
    const moved = await sarifOf([file('a.txt', [finding({ location: { line: 30, column: 2, member: null } }), finding({ location: { line: 41, column: 1, member: null } })])]);
    const fp = (log: typeof a) => log.runs[0]!.results.map((r) => (r.partialFingerprints as Record<string, string>)['gallraFinding/v1']);
    expect(fp(a)).toEqual(fp(moved));
    expect(new Set(fp(a)).size).toBe(2);
    const text = JSON.stringify(a);
    expect(text).not.toMatch(/\d{10}/);
    expect(text).toContain('19850315-****');
  });
});

describe('SARIF from a real gallra ci run', () => {
  it('is valid against the schema', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCi } = await import('../src/ci/run-ci.js');
    const dir = mkdtempSync(join(tmpdir(), 'gallra-sarif-'));
    try {
      const env = { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(dir, 'none') };
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
      git('init', '-q');
      // A valid, non-test number assembled at run time: 850315-123 plus its Luhn digit.
      const digits = '850315123';
      let sum = 0;
      for (let i = 0; i < 9; i++) {
        const v = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
      }
      writeFileSync(join(dir, 'a.txt'), `kund ${digits.slice(0, 6)}-${digits.slice(6)}${(10 - (sum % 10)) % 10} # gallra:allow\nny ${digits.slice(0, 6)}-${digits.slice(6)}${(10 - (sum % 10)) % 10}\n`);
      git('add', '.');
      const { out, text } = collect();
      const result = await runCi({ cwd: dir, mode: { kind: 'staged' }, now: '2026-06-01T12:00:00Z' }, { writer: createSarifWriter({ out }), tool: { name: 'gallra', version: '0.1.0' } });
      expect(result.failed).toBe(true);
      const log = JSON.parse(text()) as { runs: { results: { suppressions?: unknown[] }[] }[] };
      expect(validate(log)).toBe(true);
      expect(log.runs[0]!.results).toHaveLength(2);
      expect(log.runs[0]!.results.filter((r) => r.suppressions)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  const validate = sarifValidator();
});
