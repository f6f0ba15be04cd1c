#!/usr/bin/env node
// Unchanged rescan, A/B: this checkout against other built checkouts of gallra (e.g. a worktree of
// main), with `find -printf '%s %T@'` as the reference, runs alternating round by round so that
// load from other processes hits every contender alike. Prints min and median of wall and CPU
// milliseconds (user + system of the process tree; the steadier figure on a shared machine) and the
// ratio to find. Each checkout gets its own state database, made by one full scan of --dir first
// (schemas and result keys may differ between versions), then kept under --state-dir.
// Usage: npx tsc -b && node bench/rescan-ab.mjs [--dir /tmp/gallra-bench/many] [--runs 5]
//          [--other /path/to/other/checkout ...] [--state-dir /tmp/gallra-bench/state]
// (bench/engine.mjs --only rescan generates /tmp/gallra-bench/many when it is missing.)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure } from './lib/measure.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/gallra-bench/many' },
    runs: { type: 'string', default: '5' },
    other: { type: 'string', multiple: true, default: [] },
    'state-dir': { type: 'string', default: '/tmp/gallra-bench/state' },
  },
});
const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(values.dir);
if (!existsSync(dir)) {
  console.error(`no tree at ${dir}: run node bench/engine.mjs --only rescan first (it generates it)`);
  process.exit(2);
}
mkdirSync(values['state-dir'], { recursive: true });

const contenders = [here, ...values.other.map((o) => resolve(o))].map((checkout) => {
  const cli = join(checkout, 'packages/cli/bin.js');
  if (!existsSync(cli)) throw new Error(`not a gallra checkout: ${checkout}`);
  const id = createHash('sha256').update(`${checkout}\0${dir}`).digest('hex').slice(0, 12);
  const state = join(values['state-dir'], `ab-${id}.db`);
  return { name: checkout === here ? 'this checkout' : checkout, args: [cli, 'scan', dir, '--state', state, '--quiet', '--fail-on', 'none'], state, wall: [], cpu: [] };
});
const find = { name: "find -printf '%s %T@'", wall: [], cpu: [] };

for (const c of contenders) {
  if (existsSync(c.state)) continue;
  console.log(`first scan (makes the state) for ${c.name} …`);
  await measure(process.execPath, c.args, { okCodes: [0, 1] });
}

const runs = Number(values.runs);
for (let round = 0; round < runs; round++) {
  const f = await measure('sh', ['-c', `find "${dir}" -type f -printf '%s %T@\\n' > /dev/null`]);
  find.wall.push(f.wallMs);
  find.cpu.push(f.cpuMs);
  for (const c of contenders) {
    const r = await measure(process.execPath, c.args, { okCodes: [0, 1] });
    c.wall.push(r.wallMs);
    c.cpu.push(r.cpuMs);
  }
}

const min = (a) => Math.min(...a);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (n) => n.toFixed(0).padStart(6);
console.log(`\nunchanged rescan of ${dir} · ${runs} alternating rounds · ms (min / median)`);
console.log(`${'contender'.padEnd(40)}   wall min    med   cpu min    med   × find wall (min, med)`);
for (const c of [find, ...contenders]) {
  const ratio = c === find ? '' : `   ${(min(c.wall) / min(find.wall)).toFixed(2)}×  ${(median(c.wall) / median(find.wall)).toFixed(2)}×`;
  console.log(`${c.name.slice(-40).padEnd(40)}   ${ms(min(c.wall))} ${ms(median(c.wall))}   ${ms(min(c.cpu))} ${ms(median(c.cpu))}${ratio}`);
}
