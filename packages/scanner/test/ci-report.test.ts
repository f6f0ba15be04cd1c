import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCi } from '../src/ci/run-ci.js';
import type { CiMode } from '../src/ci/ci-options.js';
import { createWriter } from '../src/writers/index.js';
import { reportSchemaErrors } from './validate-report.js';

/** A valid, non-test number assembled at run time (date + birth number + Luhn digit). */
function generated(yymmdd: string, birth: string): string {
  const nine = yymmdd + birth;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return `${yymmdd}-${birth}${(10 - (sum % 10)) % 10}`;
}

describe('gallra ci JSON reports follow docs/report.schema.json', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gallra-ci-report-'));
    const env = { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(dir, 'none'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
    git('init', '-q');
    writeFileSync(join(dir, 'a.txt'), `kund ${generated('850315', '123')}\n# gallra:allow-next-line\n${generated('920704', '456')}\ntest 19640823-3234\n`);
    writeFileSync(join(dir, 'bin.dat'), Buffer.from([0, 1, 2, 3]));
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    writeFileSync(join(dir, 'b.txt'), `${generated('770101', '789')}\n`);
    git('add', '.');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function report(mode: CiMode, fingerprintKey?: string): Promise<{ files: { findings: { fingerprint: string }[] }[] }> {
    const chunks: string[] = [];
    const out = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
    await runCi(
      { cwd: dir, mode, now: '2026-06-01T12:00:00.000Z', ...(fingerprintKey ? { fingerprintKey } : {}) },
      { writer: createWriter('json', { out }), tool: { name: 'gallra', version: '0.1.0' } },
    );
    return JSON.parse(chunks.join(''));
  }

  it.each([
    ['tracked, no key', { kind: 'tracked' } as CiMode, undefined, 5],
    ['staged, keyed', { kind: 'staged' } as CiMode, 'k', 64],
    ['history, no key', { kind: 'history' } as CiMode, undefined, 5],
    ['commits, keyed', { kind: 'commits', from: null, to: 'HEAD' } as CiMode, 'k', 64],
  ])('%s', async (_name, mode, key, fingerprintLength) => {
    const r = await report(mode, key);
    expect(reportSchemaErrors(r)).toEqual([]);
    const findings = r.files.flatMap((f) => f.findings);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.fingerprint).toHaveLength(fingerprintLength);
  });
});
