#!/usr/bin/env node
// Where a scan's CPU goes, by thread: the main thread (crawl, results, report writing), each worker
// thread (read, extract, detect) and V8/libuv helper threads (compiler, GC). With one core per
// worker, main-thread CPU is taken from the workers, so it bounds --jobs scaling.
// CPU time per thread comes from /proc (bench/lib/thread-cpu.mjs), so figures hold on a busy machine
// where wall time does not; wall time is printed too. Median of the runs.
//
//   npm run build && node bench/main-thread.mjs [--dir /tmp/gb-big/text] [--runs 3] [--jobs 1,2]
//        [--formats text,json] [--compare /path/to/other/checkout]
// With --compare, the other checkout (built) runs alternately with this one, for before/after figures.
// Linux only. Not a pass/fail test.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/gb-big/text' },
    runs: { type: 'string', default: '3' },
    jobs: { type: 'string', default: '1,2' },
    formats: { type: 'string', default: 'text,json' },
    compare: { type: 'string' },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const preload = join(here, 'lib/thread-cpu.mjs');
const checkouts = [join(here, '..'), ...(values.compare ? [values.compare] : [])];
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

function run(checkout, format, jobs) {
  const args = ['--import', preload, join(checkout, 'packages/cli/bin.js'), 'scan', values.dir, '--jobs', String(jobs), '--quiet', '--fail-on', 'none'];
  if (format === 'json') args.push('--format', 'json', '--output', '/dev/null');
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = child.stderr.split('\n').find((l) => l.startsWith('{"threadCpu"'));
  if (child.status !== 0 || !line) throw new Error(`scan failed (${child.status}): ${child.stderr.slice(-500)}`);
  return JSON.parse(line).threadCpu;
}

console.log(`main-thread bench · ${values.dir} · load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · node ${process.version}`);
console.log('checkout'.padEnd(28), 'format jobs   main ms  workers ms (sum)  helpers ms  total CPU s  wall s');
for (const format of values.formats.split(',')) {
  for (const jobs of values.jobs.split(',').map(Number)) {
    const samples = checkouts.map(() => []);
    for (let i = 0; i < Number(values.runs); i++) checkouts.forEach((checkout, c) => samples[c].push(run(checkout, format, jobs)));
    checkouts.forEach((checkout, c) => {
      const s = samples[c];
      const main = median(s.map((x) => x.mainMs));
      const workers = median(s.map((x) => x.workersMs.reduce((a, b) => a + b, 0)));
      const helpers = median(s.map((x) => x.helpersMs));
      const total = median(s.map((x) => x.mainMs + x.helpersMs + x.workersMs.reduce((a, b) => a + b, 0)));
      const wall = median(s.map((x) => x.wallMs));
      console.log(
        checkout.slice(-28).padEnd(28),
        format.padEnd(6),
        String(jobs).padStart(4),
        String(main).padStart(9),
        String(workers).padStart(17),
        String(helpers).padStart(11),
        (total / 1000).toFixed(2).padStart(12),
        (wall / 1000).toFixed(2).padStart(7),
      );
    });
  }
}
