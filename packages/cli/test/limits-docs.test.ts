import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/cli.js';

const guide = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'user-guide.md'), 'utf8');

describe('the user guide states the real defaults of the limits', () => {
  const program = createProgram({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} }, () => {});
  const options = program.commands.find((c) => c.name() === 'scan')!.options;
  const limits = options.filter((o) => /^--(max-|file-timeout)/.test(o.long ?? ''));

  it('in the options table and the Limits table, as --help shows them', () => {
    expect(limits.map((o) => o.long)).toEqual([
      '--file-timeout',
      '--max-file-size',
      '--max-archive-depth',
      '--max-archive-size',
      '--max-archive-ratio',
      '--max-archive-members',
    ]);
    const limitsSection = guide.slice(guide.indexOf('## Limits'), guide.indexOf('\n## ', guide.indexOf('## Limits') + 1));
    for (const option of limits) {
      const shown = option.defaultValueDescription ?? String(option.defaultValue);
      const row = (text: string) => text.split('\n').find((line) => line.startsWith(`| \`${option.flags}\` |`));
      expect(row(guide), option.long).toContain(`default ${shown})`);
      expect(row(limitsSection), option.long).toMatch(new RegExp(`^\\| \`[^\`]+\` \\| ${shown} \\|`));
    }
  });
});
