#!/usr/bin/env node
// Engine benchmark: one run, same seeded corpora, reference tools measured in the same run.
//   1. text throughput of `gallra scan --jobs <cores>` vs ripgrep (personnummer-shaped regex) and cat,
//      on dense text (~1 number per KB) and, as 1b, on sparse text (~1 per 100 KB)
//   2. mixed corpus (text, docx, xlsx, pdf, mbox): files/s, MB/s, peak RSS of the process tree
//   3. unchanged rescan of a 100,000-file tree with --state vs `find -printf '%s %T@'`
//   4. scaling from --jobs 1 to --jobs 2
// Usage: npm run build && node bench/engine.mjs [--text-mb 100] [--mixed-mb 60] [--many 100000] [--runs 2]
//        [--only text,sparse,scaling,mixed,rescan]
// Corpora are generated under /tmp/gallra-bench (kept between runs; delete to regenerate).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { best, measure } from './lib/measure.mjs';

const { values } = parseArgs({
  options: {
    'text-mb': { type: 'string', default: '100' },
    'mixed-mb': { type: 'string', default: '60' },
    many: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '2' },
    base: { type: 'string', default: '/tmp/gallra-bench' },
    only: { type: 'string' },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const cli = join(repo, 'packages/cli/bin.js');
const cores = availableParallelism();
const runs = Number(values.runs);
const base = values.base;
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (step) => !only || only.has(step);
const RG_REGEX = '(?-u:\\b)(?:19|20)?\\d{6}[-+ ]?\\d{4}(?-u:\\b)';

if (!existsSync(join(repo, 'packages/cli/dist/index.js')) && !existsSync(join(repo, 'packages/scanner/dist/index.js'))) {
  console.error('build first: npm run build');
  process.exit(2);
}

function corpus(kind, dir, extra) {
  execFileSync(process.execPath, [join(here, 'generate-corpus.mjs'), '--kind', kind, '--out', dir, ...extra], { stdio: 'inherit' });
  const [files, bytes] = readFileSync(join(dir, '.complete'), 'utf8').trim().split(' ').map(Number);
  return { dir, files, bytes };
}
/** `sh` arguments that read every file of a tree (the read floor; also warms the page cache). */
const catTree = (dir) => ['-c', `find "${dir}" -type f -print0 | xargs -0 cat > /dev/null`];
const hasRg = spawnSync('rg', ['--version']).status === 0;
const gallra = (args) => [cli, 'scan', ...args, '--quiet', '--fail-on', 'none'];
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const fmt = (n, d = 1) => n.toFixed(d);
const results = { machine: { cores, cpu: cpus()[0]?.model, loadavgAtStart: loadavg(), node: process.version }, date: new Date().toISOString() };
const print = (s) => console.log(s);

print(`gallra engine benchmark · ${cores} cores (${results.machine.cpu}) · load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · node ${process.version}`);
print('The machine may be shared: figures are wall-clock, best of the runs; compare within one run.\n');

/** Text throughput of gallra next to ripgrep and cat on one corpus (page cache warmed first). */
async function textThroughput(label, corpusInfo) {
  const { dir } = corpusInfo;
  const cat = await best(runs, 'sh', catTree(dir));
  const scan = await best(runs, process.execPath, gallra([dir, '--jobs', String(cores)]), { okCodes: [0, 1] });
  const rg = hasRg ? await best(runs, 'rg', ['-c', '-j', String(cores), RG_REGEX, dir], { okCodes: [0, 1] }) : null;
  const bytes = corpusInfo.bytes;
  print(`${label}: ${corpusInfo.files} files, ${fmt(bytes / 1e6)} MB, --jobs ${cores}`);
  print(`   gallra scan   ${fmt(scan.wallMs / 1000, 2)} s  ${fmt(mbps(bytes, scan.wallMs))} MB/s  CPU ${fmt(scan.cpuMs / 1000, 2)} s  (peak RSS ${fmt(scan.peakRssMb, 0)} MB)`);
  if (rg) {
    print(`   ripgrep -c    ${fmt(rg.wallMs / 1000, 2)} s  ${fmt(mbps(bytes, rg.wallMs))} MB/s  CPU ${fmt(rg.cpuMs / 1000, 2)} s`);
    print(`   gallra/ripgrep = ${fmt(rg.wallMs / scan.wallMs, 2)}× by wall time (target ≥ 0.6); ${fmt(rg.cpuMs / scan.cpuMs, 2)}× by CPU time`);
  } else print('   ripgrep: not installed (apt-get install -y ripgrep) — comparison skipped');
  print(`   cat (floor)   ${fmt(cat.wallMs / 1000, 2)} s  ${fmt(mbps(bytes, cat.wallMs))} MB/s   gallra/cat = ${fmt(cat.wallMs / scan.wallMs, 2)}×\n`);
  return {
    files: corpusInfo.files,
    bytes,
    gallra: { ms: scan.wallMs, cpuMs: scan.cpuMs, mbps: mbps(bytes, scan.wallMs), peakRssMb: scan.peakRssMb },
    ripgrep: rg ? { ms: rg.wallMs, cpuMs: rg.cpuMs, mbps: mbps(bytes, rg.wallMs) } : null,
    cat: { ms: cat.wallMs, cpuMs: cat.cpuMs, mbps: mbps(bytes, cat.wallMs) },
  };
}

if (want('text') || want('scaling')) {
  const text = corpus('text', join(base, 'text'), ['--mb', values['text-mb']]);
  results.text = { files: text.files, bytes: text.bytes };
  // Warm the page cache so every tool reads from memory.
  await measure('sh', catTree(text.dir));
  if (want('text')) results.text = await textThroughput('1. Text (dense: ~1 personnummer per KB)', text);
  if (want('scaling')) {
    const one = await best(runs, process.execPath, gallra([text.dir, '--jobs', '1']), { okCodes: [0, 1] });
    const two = await best(runs, process.execPath, gallra([text.dir, '--jobs', '2']), { okCodes: [0, 1] });
    results.scaling = {
      jobs1: { ms: one.wallMs, cpuMs: one.cpuMs, mbps: mbps(text.bytes, one.wallMs) },
      jobs2: { ms: two.wallMs, cpuMs: two.cpuMs, mbps: mbps(text.bytes, two.wallMs) },
    };
    print(`4. Scaling (text corpus): --jobs 1 ${fmt(mbps(text.bytes, one.wallMs))} MB/s (CPU ${fmt(one.cpuMs / 1000, 2)} s), --jobs 2 ${fmt(mbps(text.bytes, two.wallMs))} MB/s (CPU ${fmt(two.cpuMs / 1000, 2)} s) → speed-up ${fmt(one.wallMs / two.wallMs, 2)}× (ideal ${cores >= 2 ? '2.00' : '1.00'})\n`);
  }
}

// The dense corpus is register-like (one number per KB), where per-finding work dominates; ordinary
// documents hold far fewer numbers, so the same size of text with one number per ~100 KB shows the
// per-byte cost on its own.
if (want('sparse')) {
  const sparse = corpus('text', join(base, 'text-sparse'), ['--mb', values['text-mb'], '--lines-per-number', '1200']);
  await measure('sh', catTree(sparse.dir));
  results.sparse = await textThroughput('1b. Text (sparse: ~1 personnummer per 100 KB)', sparse);
}

if (want('mixed')) {
  const mixed = corpus('mixed', join(base, 'mixed'), ['--mb', values['mixed-mb']]);
  await measure('sh', catTree(mixed.dir));
  const scan = await best(runs, process.execPath, gallra([mixed.dir, '--jobs', String(cores)]), { okCodes: [0, 1] });
  results.mixed = { files: mixed.files, bytes: mixed.bytes, ms: scan.wallMs, cpuMs: scan.cpuMs, filesPerSecond: mixed.files / (scan.wallMs / 1000), mbps: mbps(mixed.bytes, scan.wallMs), peakRssMb: scan.peakRssMb };
  print(`2. Mixed (txt/docx/xlsx/pdf/mbox): ${mixed.files} files, ${fmt(mixed.bytes / 1e6)} MB, --jobs ${cores}`);
  print(`   ${fmt(scan.wallMs / 1000, 2)} s  ${fmt(results.mixed.filesPerSecond, 0)} files/s  ${fmt(results.mixed.mbps)} MB/s  peak RSS (process tree) ${fmt(scan.peakRssMb, 0)} MB (target < 1024)\n`);
}

if (want('rescan')) {
  const many = corpus('many', join(base, 'many'), ['--files', values.many]);
  const stateDir = join(base, 'state');
  mkdirSync(stateDir, { recursive: true });
  const state = join(stateDir, 'many.db');
  for (const f of [state, `${state}-wal`, `${state}-shm`]) rmSync(f, { force: true });
  const first = await measure(process.execPath, gallra([many.dir, '--state', state]), { okCodes: [0, 1] });
  const find = await best(runs, 'sh', ['-c', `find "${many.dir}" -type f -printf '%s %T@\\n' > /dev/null`]);
  const rescan = await best(runs, process.execPath, gallra([many.dir, '--state', state]), { okCodes: [0, 1] });
  results.rescan = { files: many.files, firstScanMs: first.wallMs, rescanMs: rescan.wallMs, rescanCpuMs: rescan.cpuMs, findMs: find.wallMs, findCpuMs: find.cpuMs, rescanPeakRssMb: rescan.peakRssMb };
  print(`3. Unchanged rescan: ${many.files} files`);
  print(`   first scan with --state ${fmt(first.wallMs / 1000, 2)} s (${fmt(many.files / (first.wallMs / 1000), 0)} files/s)`);
  print(`   rescan ${fmt(rescan.wallMs / 1000, 2)} s (CPU ${fmt(rescan.cpuMs / 1000, 2)} s)  vs  find -printf ${fmt(find.wallMs / 1000, 2)} s (CPU ${fmt(find.cpuMs / 1000, 2)} s)  → ${fmt(rescan.wallMs / find.wallMs, 2)}× find (target ≤ 3)  peak RSS ${fmt(rescan.peakRssMb, 0)} MB\n`);
}

results.loadavgAtEnd = loadavg();
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'engine.json'), `${JSON.stringify(results, null, 2)}\n`);
print(`load at end ${loadavg().map((l) => l.toFixed(2)).join(' ')} · raw figures in bench/results/engine.json`);
