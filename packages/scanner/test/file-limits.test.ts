import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, FILE_TIME_LIMIT_DEFAULTS } from '../src/file-limits.js';
import type { ScanReport } from '../src/report.js';
import { scan } from '../src/scan.js';
import type { ScanOptions } from '../src/scan-options.js';
import { createWriter } from '../src/writers/index.js';
import { StringSink } from './collect-stream.js';
import { makeTree, removeTree } from './fs-tree.js';

// How the scan's per-file limits reach the workers. A probe processor (the engine's test hook, run in
// the worker threads) reports the content options it was given, and logs every file it reads.
let dir = '';
let processor = '';
let log = '';
beforeAll(() => {
  dir = makeTree({});
  processor = join(dir, 'probe-processor.mjs');
  log = join(dir, 'read-log.txt');
  writeFileSync(
    processor,
    `import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
export async function processContent(input, options) {
  appendFileSync(${JSON.stringify(log)}, basename(input.name) + '\\n');
  if (input.name.endsWith('hang.txt')) for (;;);
  const warning = { reason: 'probe', message: JSON.stringify(options.limits ?? null), member: null };
  return { format: 'text', status: 'ok', error: null, warnings: [warning], findings: [] };
}
`,
  );
});
afterAll(() => removeTree(dir));

async function scanJson(root: string, options: ScanOptions): Promise<ScanReport> {
  const out = new StringSink();
  await scan([root], { processor: pathToFileURL(processor), jobs: 1, ...options }, { writer: createWriter('json', { out }) });
  return JSON.parse(out.text) as ScanReport;
}

/** The limits the probe processor was given for `path`. */
function limitsSeen(report: ScanReport, path: string): Record<string, number> {
  const file = report.files.find((f) => f.path === path)!;
  return JSON.parse(file.warnings!.find((w) => w.reason === 'probe')!.message) as Record<string, number>;
}

/** What the engine allows a file of `bytes` (its time limit grows per MiB). */
const engineLimitMs = (baseMs: number, bytes: number) => baseMs + (bytes / 1_048_576) * FILE_TIME_LIMIT_DEFAULTS.timeoutMsPerMb;

describe('per-file limits in a scan', () => {
  it("the extractors' own deadline never ends a file the engine's time limit still allows", async () => {
    const root = makeTree({ 'a.txt': 'hej\n' });
    try {
      const byDefault = limitsSeen(await scanJson(root, {}), 'a.txt');
      expect(byDefault['timeoutMs']).toBeGreaterThanOrEqual(engineLimitMs(FILE_TIME_LIMIT_DEFAULTS.timeoutMs, DEFAULT_LIMITS.maxFileBytes));

      // A long --file-timeout with a large --max-file-size: a big file gets all of its time.
      const long = limitsSeen(await scanJson(root, { fileTimeoutMs: 600_000, limits: { maxFileBytes: 4 * 1024 ** 3 } }), 'a.txt');
      expect(long['timeoutMs']).toBeGreaterThanOrEqual(engineLimitMs(600_000, 4 * 1024 ** 3));
      expect(long['maxFileBytes']).toBe(4 * 1024 ** 3);
      // Still a delay a timer can wait for.
      expect(long['timeoutMs']).toBeLessThanOrEqual(2 ** 31 - 1);

      // A deadline the caller gives is kept.
      expect(limitsSeen(await scanJson(root, { limits: { timeoutMs: 5_000 } }), 'a.txt')['timeoutMs']).toBe(5_000);
    } finally {
      removeTree(root);
    }
  });

  it('with a state database a timed-out file is read again; a changed --file-timeout reuses the other results, a changed size limit does not', async () => {
    const root = makeTree({ 'a.txt': 'hej\n', 'hang.txt': 'never ends\n' });
    writeFileSync(log, '');
    const state = join(dir, 'state.db');
    // The files read by each scan (a batch whose worker was stopped is retried file by file).
    let seen = 0;
    const readByLastScan = () => {
      const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      const fresh = lines.slice(seen);
      seen = lines.length;
      return [...new Set(fresh)].sort();
    };
    try {
      const first = await scanJson(root, { statePath: state, fileTimeoutMs: 500 });
      expect(first.files.map((f) => [f.path, f.status, f.error?.reason ?? null])).toEqual([
        ['a.txt', 'ok', null],
        ['hang.txt', 'error', 'timeout'],
      ]);
      expect(first.files[1]!.error!.message).toMatch(/time limit of \d+ ms/);
      expect(readByLastScan()).toEqual(['a.txt', 'hang.txt']);

      // Another time limit: the finished file is reused, the timed-out one is tried again.
      const second = await scanJson(root, { statePath: state, fileTimeoutMs: 700 });
      expect(readByLastScan()).toEqual(['hang.txt']);
      expect(second.files.map((f) => f.status)).toEqual(['ok', 'error']);

      // The defaults given explicitly (as the CLI gives them) are the same limits: results are reused.
      const { timeoutMs: _deadline, ...explicitDefaults } = DEFAULT_LIMITS;
      await scanJson(root, { statePath: state, fileTimeoutMs: 500, limits: explicitDefaults });
      expect(readByLastScan()).toEqual(['hang.txt']);

      // Another size limit can change results: everything is read again.
      await scanJson(root, { statePath: state, fileTimeoutMs: 500, limits: { maxFileBytes: 1024 ** 3 } });
      expect(readByLastScan()).toEqual(['a.txt', 'hang.txt']);
    } finally {
      removeTree(root);
    }
  });
});
