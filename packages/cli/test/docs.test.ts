import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WRITERS } from '@gallra/scanner';
import { createProgram } from '../src/cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('documentation stays in step with the CLI', () => {
  const program = createProgram({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} }, () => {});
  const scanCommand = program.commands.find((c) => c.name() === 'scan')!;

  it('the user guide documents every option of gallra scan', () => {
    const guide = read('docs/user-guide.md');
    const longs = scanCommand.options.map((o) => o.long!).filter(Boolean);
    expect(longs.length).toBeGreaterThan(8);
    for (const long of longs) expect(guide, long).toMatch(new RegExp(`${long}(?![\\w-])`));
  });

  it('the user guide names every output format', () => {
    const guide = read('docs/user-guide.md');
    for (const id of Object.keys(WRITERS)) expect(guide, id).toContain(`\`${id}\``);
  });

  it('the README keeps the two-command quick start at the top', () => {
    const readme = read('README.md');
    const quickStart = readme.indexOf('## Quick start');
    expect(quickStart).toBeGreaterThan(0);
    expect(readme.indexOf('## ')).toBe(quickStart);
    const block = readme.slice(quickStart).match(/```sh\n([\s\S]*?)```/)![1]!;
    expect(block.split('\n').filter(Boolean).map((l) => l.split('#')[0]!.trim())).toEqual(['npm run quickstart', 'npm test']);
  });
});
