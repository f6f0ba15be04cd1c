import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, tempDir } from './cli-harness.js';

/** A valid personnummer built at test time (date + Luhn), never committed as data. */
function validPersonnummer(yymmdd: string, birth: string): string {
  const digits = yymmdd + birth;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return `${yymmdd}-${birth}${(10 - (sum % 10)) % 10}`;
}

describe('gallra scan (built CLI)', () => {
  let dir: string;
  let configHome: string;
  beforeAll(() => {
    dir = tempDir('scan');
    configHome = tempDir('config');
  });
  afterAll(() => {
    removeDir(dir);
    removeDir(configHome);
  });

  it('exits 1 on a medium-or-higher finding of a non-test number and masks it', () => {
    const tree = join(dir, 'real');
    mkdirSync(tree);
    const pnr = validPersonnummer('850315', '123');
    writeFileSync(join(tree, 'a.txt'), `Hej\nPersonnummer: ${pnr}\n`);
    const run = runCli(['scan', tree, '--reference-date', '2026-06-01'], { configHome });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('19850315-****');
    expect(run.stdout).toContain('2:15');
    expect(run.stdout).not.toContain(pnr.replace('-', ''));
    expect(run.stdout).not.toContain(pnr);
  });

  it('exits 2 for an unknown option and for a missing path', () => {
    expect(runCli(['scan', dir, '--no-such-option'], { configHome }).status).toBe(2);
    const missing = runCli(['scan', join(dir, 'does-not-exist')], { configHome });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder/);
  });

  it('exits 0 with --fail-on none', () => {
    expect(runCli(['scan', dir, '--fail-on', 'none'], { configHome }).status).toBe(0);
  });
});
