import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, removeDir, tempDir } from './cli-harness.js';
import { TestRepo, validPersonnummer } from './git-harness.js';

/**
 * The `run:` script of the composite action's "Scan" step, taken from action.yml as written (a YAML
 * literal block: the lines indented deeper than `run: |`), so the test runs exactly what GitHub runs.
 */
function scanStepScript(): string {
  const yaml = readFileSync(join(import.meta.dirname, '..', '..', '..', 'action.yml'), 'utf8').split('\n');
  const step = yaml.findIndex((l) => /^\s*- name: Scan\s*$/.test(l));
  const run = yaml.findIndex((l, i) => i > step && /^\s*run: \|\s*$/.test(l));
  expect(step).toBeGreaterThan(0);
  expect(run).toBeGreaterThan(step);
  const indent = yaml[run]!.search(/\S/);
  const body: string[] = [];
  for (const line of yaml.slice(run + 1)) {
    if (line.trim() !== '' && line.search(/\S/) <= indent) break;
    body.push(line);
  }
  const cut = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
  return body.map((l) => l.slice(cut)).join('\n');
}

describe('action.yml (composite GitHub Action), Scan step', () => {
  let base: string;
  beforeAll(() => {
    base = tempDir('action');
  });
  afterAll(() => removeDir(base));

  it('scans the pull request range, writes SARIF, the job summary and the exit code', () => {
    const home = join(base, 'home');
    mkdirSync(home, { recursive: true });
    const repo = new TestRepo(join(base, 'repo'), home);
    const baseSha = repo.commit('base', { 'a.txt': 'a\n' });
    repo.commit('pr', { 'b.txt': `x\n${validPersonnummer('850315', '123')}\n` });
    const script = join(base, 'scan.sh');
    writeFileSync(script, scanStepScript());
    const out = join(base, 'github-output');
    const summary = join(base, 'summary.md');
    const sarif = join(base, 'gallra.sarif');
    const env = {
      ...repo.env,
      GALLRA_BIN: `${process.execPath} ${BIN}`,
      MODE: 'pr',
      BASE: baseSha,
      FORMAT: 'github',
      SARIF_FILE: sarif,
      BASELINE: '',
      FAIL_ON: '',
      EXTRA_ARGS: '--reference-date 2026-06-01',
      JOB_SUMMARY: 'true',
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summary,
      NO_COLOR: '1',
    };
    const run = spawnSync('bash', [script], { cwd: repo.dir, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=b\.txt,title=gallra%3A Personnummer,line=2,col=1::/m);
    expect(readFileSync(out, 'utf8')).toContain('exit-code=1');
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(summary, 'utf8')).toMatch(/### gallra\n```\nb\.txt \(commit [0-9a-f]{12}\)\n {2}2:1 {2}PERSONNUMMER/);
    const badMode = spawnSync('bash', [script], { cwd: repo.dir, env: { ...env, MODE: 'sometimes' }, encoding: 'utf8' });
    expect(badMode.status).toBe(2);
    expect(badMode.stdout).toContain("::error title=gallra::unknown mode 'sometimes'");
  });
});
