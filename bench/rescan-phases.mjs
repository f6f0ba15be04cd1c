#!/usr/bin/env node
// Where an unchanged rescan spends its time, phase by phase, in one process: wall and CPU (user +
// system, all threads) milliseconds, best of --runs (CPU time is the steadier figure on a shared
// machine: other load stretches wall time, not work):
//   crawl   — the walk alone (readdir + stat of every file)
//   state   — reading the stored rows of every folder from the state database
//   engine  — runEngine with the state and a consumer that does nothing
//   scan    — scan() with the text writer into a discarding stream (what `gallra scan --state` does
//             after start-up)
// Usage: npx tsc -b && node bench/rescan-phases.mjs [--dir /tmp/gallra-bench/many] [--runs 5]
// Needs a state database made by a previous scan of --dir (bench/engine.mjs --only rescan makes
// /tmp/gallra-bench/state/many.db); it is copied, never modified.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/gallra-bench/many' },
    state: { type: 'string', default: '/tmp/gallra-bench/state/many.db' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const scanner = new URL('../packages/scanner/dist/', import.meta.url);
const { crawl, runEngine } = await import(new URL('engine/index.js', scanner).href);
const Database = createRequire(new URL('../packages/scanner/package.json', import.meta.url))('better-sqlite3');
const { ScanState } = await import(new URL('engine/state.js', scanner).href);
const { scan, createWriter } = await import(new URL('entry/scan.js', scanner).href);
// The key the CLI used for the first scan, so that stored results match (the config includes its hash).
const { resolveFingerprintKey } = await import(new URL('../packages/cli/dist/fingerprint-key.js', import.meta.url).href);
const fingerprintKey = resolveFingerprintKey({ env: process.env }).key;
// And the limits it passes (commander fills in their defaults), which are part of that key too.
const { Command } = await import(new URL('../packages/cli/dist/commander.js', import.meta.url).href);
const { addLimitOptions, limitsOf } = await import(new URL('../packages/cli/dist/commands/limit-options.js', import.meta.url).href);
const limits = limitsOf(addLimitOptions(new Command('scan')).parse([], { from: 'user' }).opts());

const work = mkdtempSync(join(tmpdir(), 'gallra-rescan-phases-'));
const freshState = () => {
  const file = join(work, 'state.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  copyFileSync(values.state, file);
  return file;
};
const discard = () => new Writable({ write: (_c, _e, done) => done() });
const root = resolve(values.dir);

const phases = {
  async crawl() {
    let files = 0;
    for await (const event of crawl([root])) if (event.kind === 'files') files += event.files.length;
    return files;
  },
  async state() {
    const dirs = [];
    for await (const event of crawl([root])) if (event.kind === 'files' && event.complete) dirs.push(event.dir);
    const state = ScanState.open(freshState());
    state.begin([root], false);
    const start = clock();
    let rows = 0;
    for (const dir of dirs) rows += state.directory(root, dir).size;
    const spent = clock(start);
    state.close();
    return { rows, spent };
  },
  async engine() {
    const file = freshState();
    // The stored config key, so that the stored results are reused as by the CLI.
    const db = new Database(file, { readonly: true });
    const config = db.prepare('SELECT config FROM files LIMIT 1').pluck().get().replace(/\|default$/, '');
    db.close();
    const summary = await runEngine([root], { statePath: file, config, jobs: 1, progress: { mode: 'none' } }, () => {});
    if (summary.reused !== summary.files) throw new Error(`engine: only ${summary.reused} of ${summary.files} files reused (wrong state file?)`);
    return summary.reused;
  },
  async scan() {
    const result = await scan([root], { statePath: freshState(), progress: 'none', failOn: 'none', fingerprintKey, limits, jobs: 1 }, { writer: createWriter('text', { out: discard() }) });
    if (result.summary.changes?.reused !== result.summary.files) throw new Error(`scan: not every file reused (${result.summary.changes?.reused} of ${result.summary.files})`);
    return result.summary.files;
  },
};

/** Now, or the wall and CPU milliseconds since `start`. */
function clock(start) {
  const usage = process.cpuUsage();
  const now = { wall: performance.now(), cpu: (usage.user + usage.system) / 1000 };
  return start ? { wall: now.wall - start.wall, cpu: now.cpu - start.cpu } : now;
}

const runs = Number(values.runs);
const only = values.only ? values.only.split(',') : Object.keys(phases);
console.log(`unchanged-rescan phases · ${root} · best of ${runs}`);
for (const name of only) {
  let wall = Infinity;
  let cpu = Infinity;
  let what;
  for (let i = 0; i < runs; i++) {
    const start = clock();
    const out = await phases[name]();
    const spent = typeof out === 'object' ? out.spent : clock(start);
    what = typeof out === 'object' ? out.rows : out;
    wall = Math.min(wall, spent.wall);
    cpu = Math.min(cpu, spent.cpu);
  }
  console.log(`  ${name.padEnd(7)} wall ${wall.toFixed(0).padStart(5)} ms  cpu ${cpu.toFixed(0).padStart(5)} ms  (${what})`);
}
rmSync(work, { recursive: true, force: true });
