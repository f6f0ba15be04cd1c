import { crawl } from './dist/engine/index.js';
let peak = 0; const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 10);
let n = 0;
for await (const e of crawl(['/tmp/gallra-bench/many'], { statAheadAfter: +process.argv[2] })) { if (e.kind === 'files') n += e.files.length; peak = Math.max(peak, process.memoryUsage().heapUsed); }
clearInterval(t);
console.log(process.argv[2], n, 'peak heapUsed MB', (peak / 1e6).toFixed(0));
