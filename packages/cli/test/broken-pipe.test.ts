import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePersonnummer } from '../../scanner/test/numbers.js';
import { BIN, removeDir, tempDir } from './cli-harness.js';

describe('gallra scan | head', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('pipe');
    // ~4,000 findings: far more text output than a pipe buffer holds, so the writer hits EPIPE.
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      lines.push(`personnummer ${generatePersonnummer(`1985${String((i % 12) + 1).padStart(2, '0')}${day}`, String(400 + (i % 500))).long}`);
    }
    writeFileSync(join(dir, 'many.txt'), lines.join('\n'));
  });
  afterAll(() => removeDir(dir));

  it('stops quietly with exit code 0 when the reader goes away', () => {
    const script = `"${process.execPath}" "${BIN}" scan "${dir}" --fail-on none | head -c 100 > /dev/null; echo "status=\${PIPESTATUS[0]}"`;
    const run = spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: dir, NO_COLOR: '1' },
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('status=0');
  });
});
