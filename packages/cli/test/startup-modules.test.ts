import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '@gallra/scanner';
import { removeDir, runCli, tempDir } from './cli-harness.js';

// Start-up is a good part of a fast command (an unchanged rescan of a large tree, a pre-commit run):
// each command loads only what it uses. These tests run the built CLI with a module tracer and
// check which modules were actually loaded (ES modules through a load hook, CommonJS through the
// require cache), so a new static import that drags the worker pool or the detector in fails here.

const dir = tempDir('startup');
afterAll(() => removeDir(dir));

const hooks = join(dir, 'trace-hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) {
  const result = await next(url, context);
  if (url.startsWith('file:')) appendFileSync(out, url + '\\n');
  return result;
}
`,
);
const preload = join(dir, 'trace.mjs');
writeFileSync(
  preload,
  `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
const out = process.env.GALLRA_TRACE_OUT;
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { out } });
process.on('exit', () => {
  const cache = createRequire(import.meta.url).cache;
  appendFileSync(out, Object.keys(cache).map((f) => pathToFileURL(f).href + '\\n').join(''));
});
`,
);

let traces = 0;
/** Runs the CLI with the tracer; returns its result and the URLs of every module it loaded. */
function traced(args: readonly string[]): { status: number; stdout: string; stderr: string; modules: string[] } {
  const out = join(dir, `trace-${traces++}.txt`);
  writeFileSync(out, '');
  const run = runCli(args, {
    configHome: join(dir, 'config'),
    env: { GALLRA_TRACE_OUT: out, NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` },
  });
  return { ...run, modules: readFileSync(out, 'utf8').split('\n').filter(Boolean) };
}

/** Which of the heavy parts a module list contains. */
function heavyParts(modules: readonly string[]): string[] {
  const parts: Record<string, RegExp> = {
    'worker pool (piscina)': /\/piscina\//,
    // Its limits module (constants only) is what `--max-file-size` and the other options show as defaults.
    '@gallra/extractors': /\/packages\/extractors\/(?!(dist|src)\/limits\.(js|ts)$)/,
    '@gallra/core': /\/packages\/core\//,
    'CI mode': /\/packages\/scanner\/(dist|src)\/(ci|git|fix|baseline|config|allow)\//,
    'engine pool': /\/engine\/pool\.(js|ts)$/,
    picomatch: /\/picomatch\//,
    ignore: /\/ignore\//,
  };
  return Object.entries(parts)
    .filter(([, pattern]) => modules.some((m) => pattern.test(m)))
    .map(([name]) => name);
}

describe('modules loaded at start-up', () => {
  it('--version loads neither the scanner engine nor the state store', () => {
    const run = traced(['--version']);
    expect(run.status).toBe(0);
    expect(run.modules.some((m) => m.includes('/packages/cli/'))).toBe(true); // the tracer works
    expect(heavyParts(run.modules)).toEqual([]);
    expect(run.modules.filter((m) => /\/engine\/|better-sqlite3/.test(m))).toEqual([]);
  });

  it('an unchanged rescan with --state reads no file and loads no worker pool, extractor or detector', () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'a.txt'), 'nothing to see\n');
    writeFileSync(join(tree, 'sub', 'b.txt'), 'mötesanteckningar\n');
    const state = join(dir, 'state.db');
    const args = ['scan', tree, '--state', state, '--format', 'json', '--quiet', '--fail-on', 'none'];

    const first = traced(args);
    expect(first.status, first.stderr).toBe(0);
    // The control: a scan that must read files does load the pool (so the tracer sees it).
    expect(heavyParts(first.modules)).toContain('worker pool (piscina)');

    const again = traced(args);
    expect(again.status, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as ScanReport;
    expect(report.files.map((f) => [f.path, (f as { change?: string }).change])).toEqual([
      ['a.txt', 'unchanged'],
      ['sub/b.txt', 'unchanged'],
    ]);
    expect(heavyParts(again.modules)).toEqual([]);
  });
});
