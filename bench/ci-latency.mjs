#!/usr/bin/env node
// `gallra ci` speed: pre-commit latency (`ci --staged`) on a generated 10,000-file repository, with
// node's own start-up as the reference, and `ci --history` throughput (commits/s, blobs/s) on a
// generated 5,000-commit repository, with raw `git cat-file --batch` reading as the reference.
//
//   npx tsc -b && node bench/ci-latency.mjs [--runs 9] [--files 10000] [--commits 5000] [--dir /tmp/gallra-bench-ci]
//
// Repositories are generated (seeded) under --dir and reused by later runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { historyRepo, largeRepo, syntheticPersonnummer, prng } from './lib/git-corpus.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    files: { type: 'string', default: '10000' },
    commits: { type: 'string', default: '5000' },
    dir: { type: 'string', default: '/tmp/gallra-bench-ci' },
  },
});
const runs = Number(values.runs);
const BIN = join(import.meta.dirname, '..', 'packages', 'cli', 'bin.js');

// CPU time (user + system) is measured too: on a shared, busy machine wall time mostly measures the
// other processes, CPU time much less so.
const HAS_TIME = spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0;

function timed(cmd, args, options) {
  const start = process.hrtime.bigint();
  const wrapped = HAS_TIME ? ['/usr/bin/time', ['-f', '@@%U %S %M', cmd, ...args]] : [cmd, args];
  const result = spawnSync(wrapped[0], wrapped[1], { ...options, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  let stderr = result.stderr;
  let cpuMs = Number.NaN;
  let rssKb = Number.NaN;
  const at = stderr.lastIndexOf('@@');
  if (HAS_TIME && at >= 0) {
    const [user, sys, rss] = stderr.slice(at + 2).trim().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
    rssKb = rss;
    stderr = stderr.slice(0, at);
  }
  return { ms, cpuMs, rssKb, status: result.status, stdout: result.stdout, stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function measure(label, cmd, args, options) {
  timed(cmd, args, options); // warm the page cache and the compile cache
  const times = [];
  const cpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = timed(cmd, args, options);
    times.push(last.ms);
    cpu.push(last.cpuMs);
  }
  console.log(
    `${label.padEnd(48)} wall median ${median(times).toFixed(1).padStart(7)} ms (min ${Math.min(...times).toFixed(1)}, n=${runs})` +
      `  cpu median ${median(cpu).toFixed(0).padStart(4)} ms`,
  );
  return { median: median(times), cpuMedian: median(cpu), last };
}

console.log(`node ${process.version}, ${execFileSync('git', ['--version'], { encoding: 'utf8' }).trim()}`);

// --- Pre-commit: a normal commit (3 edited files, 1 new file, one of them with a leaked number) on 10,000 files.
let t = Date.now();
const large = await largeRepo({ dir: join(values.dir, 'large'), files: Number(values.files) });
console.log(`\n[pre-commit] repository with ${values.files} tracked files ready in ${((Date.now() - t) / 1000).toFixed(1)} s: ${large.dir}`);
execFileSync('git', ['reset', '-q', '--hard'], { cwd: large.dir, env: large.env });
execFileSync('git', ['clean', '-q', '-fd'], { cwd: large.dir, env: large.env });
const random = prng(7);
for (const i of [17, 4242, 9001]) {
  const path = join(large.dir, `src/module-${String(Math.floor(i / 100)).padStart(3, '0')}/file-${String(i).padStart(5, '0')}.js`);
  appendFileSync(path, `export const changed${i} = ${i};\n`);
}
writeFileSync(join(large.dir, 'src/new-feature.js'), `// ny funktion\nconst testkund = '${syntheticPersonnummer(random)}';\nexport default testkund;\n`);
execFileSync('git', ['add', '-A'], { cwd: large.dir, env: large.env });
const opts = { cwd: large.dir, env: large.env };
const node = measure('node -e 0 (start-up reference)', process.execPath, ['-e', '0'], opts);
const git = measure('git diff --cached (git reference)', 'git', ['diff', '--cached', '--quiet'], opts);
const staged = measure('gallra ci --staged', process.execPath, [BIN, 'ci', '--staged'], opts);
console.log(
  `  exit ${staged.last.status} (1 = the leaked number was found); over node's own start-up: ` +
    `${(staged.median - node.median).toFixed(0)} ms wall, ${(staged.cpuMedian - node.cpuMedian).toFixed(0)} ms cpu`,
);
measure('gallra --version (CLI start-up, all commands)', process.execPath, [BIN, '--version'], opts);
void git;

// --- History: every blob of 5,000 commits.
t = Date.now();
const hist = await historyRepo({ dir: join(values.dir, 'history'), commits: Number(values.commits) });
console.log(`\n[history] repository with ${values.commits} commits ready in ${((Date.now() - t) / 1000).toFixed(1)} s: ${hist.dir}`);
const hopts = { cwd: hist.dir, env: hist.env };
const blobs = Number(execFileSync('sh', ['-c', 'git rev-list --all --objects --filter=object:type=blob | grep -c " "'], { ...hopts, encoding: 'utf8' }).trim());
const bytes = Number(
  execFileSync('sh', ['-c', "git rev-list --all --objects --filter=object:type=blob | cut -d' ' -f1 | git cat-file --batch-check='%(objectsize)' | awk '{s+=$1} END {printf \"%d\", s}'"], { ...hopts, encoding: 'utf8' }).trim(),
);
const ref = timed('sh', ['-c', 'git rev-list --all --objects --filter=object:type=blob | cut -d" " -f1 | git cat-file --batch > /dev/null'], hopts);
console.log(`reference: git rev-list | git cat-file --batch (read every blob)   ${ref.ms.toFixed(0)} ms wall for ${blobs} blobs (${(bytes / 1e6).toFixed(1)} MB)`);
const historyRuns = [];
const historyCpu = [];
let peakRss = 0;
let report;
for (let i = 0; i < 3; i++) {
  const r = timed(process.execPath, [BIN, 'ci', '--history', '-f', 'json', '--fail-on', 'none'], hopts);
  historyRuns.push(r.ms);
  historyCpu.push(r.cpuMs);
  report = JSON.parse(r.stdout);
  peakRss = Math.max(peakRss, r.rssKb);
}
const ms = median(historyRuns);
const found = report.files.filter((f) => f.findings.length > 0).length;
const commits = Number(execFileSync('git', ['rev-list', '--all', '--count'], { ...hopts, encoding: 'utf8' }).trim());
console.log(
  `gallra ci --history                            median ${ms.toFixed(0)} ms (n=3): ${(commits / (ms / 1000)).toFixed(0)} commits/s, ` +
    `${(report.summary.files / (ms / 1000)).toFixed(0)} blobs/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s, peak RSS ${(peakRss / 1024).toFixed(0)} MB`,
);
console.log(`  cpu median ${median(historyCpu).toFixed(0)} ms (gallra process, user + system): ${(commits / (median(historyCpu) / 1000)).toFixed(0)} commits per cpu-second`);
const threaded = timed(process.execPath, [BIN, 'ci', '--history', '-f', 'json', '--fail-on', 'none', '--jobs', '2'], hopts);
console.log(
  `gallra ci --history --jobs 2 (worker threads)        ${threaded.ms.toFixed(0)} ms wall, ${threaded.cpuMs.toFixed(0)} ms cpu (n=1): ` +
    `${(commits / (threaded.ms / 1000)).toFixed(0)} commits/s`,
);
console.log(`  ${commits} commits, ${report.summary.files} distinct blobs scanned (of ${blobs}), ${found} blobs with findings`);
