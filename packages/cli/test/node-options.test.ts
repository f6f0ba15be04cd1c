import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, removeDir, tempDir } from './cli-harness.js';

const DEMO = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'demo');

// IT staff give Node a bigger heap for big shares (`node --max-old-space-size=8192 gallra scan …`).
// Worker threads refuse such V8 options in their execArgv; the scan must still run.
describe('gallra under node with V8 and process options', () => {
  const configHome = tempDir('node-options');
  afterAll(() => removeDir(configHome));

  it('scans with --max-old-space-size and --max-semi-space-size given to node', () => {
    const args = ['--max-old-space-size=2048', '--max-semi-space-size=32', '--no-warnings', BIN, 'scan', DEMO, '--jobs', '2', '--quiet', '--format', 'json', '--fail-on', 'none'];
    const run = spawnSync(process.execPath, args, {
      env: { ...process.env, XDG_CONFIG_HOME: configHome, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { summary: { files: number; findings: number } };
    expect(report.summary.files).toBe(9);
    expect(report.summary.findings).toBe(14);
  });
});
