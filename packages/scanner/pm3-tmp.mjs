import { Worker } from 'node:worker_threads';
import { readdirSync } from 'node:fs';
const root = '/tmp/gallra-bench/many';
const mode = process.argv[2];
const dirs = readdirSync(root).filter((d) => d[0] === 'd').sort().map((d) => readdirSync(root + '/' + d).map((f) => root + '/' + d + '/' + f));
const w = new Worker(`const { parentPort } = require('node:worker_threads'); const { statSync } = require('node:fs');
parentPort.on('message', (m) => { const paths = typeof m.paths === 'string' ? m.paths.split('\\0') : m.paths; if (${JSON.stringify(mode)} !== 'idle') for (const p of paths) statSync(p); parentPort.postMessage(m.id); });`, { eval: true });
await new Promise((r) => setTimeout(r, 200));
let post = 0; let done = 0;
const fin = new Promise((r) => w.on('message', () => { if (++done === dirs.length) r(); }));
for (let i = 0; i < dirs.length; i++) { const t = performance.now(); w.postMessage({ id: i, paths: mode === 'join' ? dirs[i].join('\0') : dirs[i] }); post += performance.now() - t; }
await fin;
console.log(mode, 'post total', post.toFixed(1));
await w.terminate();
