import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '@gallra/scanner';
import { reportSchemaErrors } from '../../scanner/test/validate-report.js';
import { generatePersonnummer } from '../../scanner/test/numbers.js';
import { removeDir, runCli, tempDir } from './cli-harness.js';

// `gallra ci` writes the same JSON report as `gallra scan`: it must satisfy the same schema.
describe('gallra ci --format json follows docs/report.schema.json', () => {
  let repo: string;
  let configHome: string;
  const real = generatePersonnummer('19850315', '457');
  beforeAll(() => {
    repo = tempDir('ci-schema');
    configHome = tempDir('ci-config');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'user.name', 'test');
    writeFileSync(join(repo, 'kunder.sql'), `INSERT INTO kund VALUES ('${real.long}');\n-- personnummer 199008142383\n`);
    git('add', '.');
    git('commit', '-qm', 'seed');
  });
  afterAll(() => {
    removeDir(repo);
    removeDir(configHome);
  });

  for (const env of [{}, { GALLRA_FINGERPRINT_KEY: 'ci-secret' }]) {
    it(`validates (${Object.keys(env).length ? 'keyed' : 'public'} fingerprints)`, () => {
      const run = runCli(['ci', '--format', 'json', '--reference-date', '2026-06-01'], { cwd: repo, configHome, env });
      const report = JSON.parse(run.stdout) as ScanReport;
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(report.files[0]!.findings).toHaveLength(2);
      expect(run.stdout).not.toContain(real.normalized);
      expect(run.stdout).not.toContain(real.long);
    });
  }
});
