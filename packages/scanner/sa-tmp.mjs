import { StatAhead } from './dist/engine/stat-ahead.js';
import { readdirSync } from 'node:fs';
const root = '/tmp/gallra-bench/many';
const dirs = readdirSync(root).filter((d) => d[0] === 'd').sort().map((d) => readdirSync(root + '/' + d).map((f) => root + '/' + d + '/' + f));
const h = StatAhead.start();
await new Promise((r) => setTimeout(r, 200));
let post = 0; const jobs = [];
const t0 = performance.now();
for (const paths of dirs) { const t = performance.now(); jobs.push(h.submit(paths)); post += performance.now() - t; }
const t1 = performance.now();
const res = await Promise.all(jobs.map((j) => j.result));
console.log('post total', post.toFixed(1), 'ms; all done after', (performance.now() - t0).toFixed(0), 'ms', res.filter((r) => r).length);
h.stop();
